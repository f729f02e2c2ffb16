from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("目标责任书"), "agreements:agreement_list", "file-earmark-check",
             roles=frozenset({"office", "unit", "leader"}), group=_("年度工作")),
    MenuItem(_("五个纳入"), "agreements:checklist_list", "check2-square", roles=frozenset({"office", "leader"}),
             group=_("年度工作")),
]
