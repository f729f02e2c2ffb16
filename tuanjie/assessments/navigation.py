from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("考核验收"), "assessments:campaign_list", "clipboard-check",
             roles=frozenset({"office", "inspector", "unit", "leader"}), group=_("督查考核")),
    MenuItem(_("测评指标体系"), "assessments:system_list", "list-ol", roles=frozenset({"office", "inspector"}),
             group=_("督查考核")),
]
