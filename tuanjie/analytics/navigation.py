from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("统计分析"), "analytics:dashboard", "bar-chart-line", roles=frozenset({"office", "leader", "inspector"}),
             group=_("统计"), first=frozenset({"leader", "office"}), order=20),
    MenuItem(_("计数项目设置"), "analytics:countable_list", "123", roles=frozenset({"office"}), group=_("统计")),
]
