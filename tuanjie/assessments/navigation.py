from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    # a unit finds its distance on its home page (core/home.py), which keeps its menu short
    MenuItem(_("距称号还差多少"), "assessments:distance", "bullseye", roles=frozenset({"office"}),
             group=_("督查考核")),
    MenuItem(_("创建对象距称号排名"), "assessments:candidates", "sort-down", roles=frozenset({"office", "leader"}),
             group=_("督查考核")),
    MenuItem(_("考核验收"), "assessments:campaign_list", "clipboard-check",
             roles=frozenset({"office", "inspector", "unit", "leader"}), group=_("督查考核")),
    MenuItem(_("测评指标体系"), "assessments:system_list", "list-ol", roles=frozenset({"office", "inspector"}),
             group=_("督查考核")),
    MenuItem(_("上级测评指标体系"), "assessments:upper_systems", "box-arrow-in-down", roles=frozenset({"office"}),
             group=_("督查考核")),
]
