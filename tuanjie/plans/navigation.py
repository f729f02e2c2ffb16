from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("本单位承担的任务"), "plans:my_tasks", "list-check", roles=frozenset({"unit", "office"}),
             group=_("年度工作")),
    # a unit reaches its own plans from its home page (core/home.py), which keeps its menu short
    MenuItem(_("创建工作方案"), "plans:plan_list", "journal-text", roles=frozenset({"office", "leader", "inspector"}),
             group=_("年度工作")),
    MenuItem(_("上级实施方案"), "plans:upper_plans", "box-arrow-in-down", roles=frozenset({"office"}),
             group=_("年度工作")),
]
