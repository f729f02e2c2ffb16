from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("本单位完成情况"), "quotas:standing", "speedometer2", roles=frozenset({"unit"}), group=_("年度工作"),
             first=frozenset({"unit"}), order=30),
    MenuItem(_("规定动作"), "quotas:rule_list", "check2-square", roles=frozenset({"office", "leader", "inspector"}),
             group=_("年度工作")),
]
