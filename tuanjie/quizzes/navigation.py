from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

# A unit's menu is kept short: its staff's sheets and its own tests open from the quiz list, and a test waiting to
# be taken is on everyone's to-do list (todo.py).

MENU = [
    MenuItem(_("测试与测评"), "quizzes:quiz_list", "ui-checks", roles=frozenset({"office", "unit"}), group=_("年度工作")),
    MenuItem(_("题库"), "quizzes:bank_list", "journal-text", roles=frozenset({"office"}), group=_("年度工作")),
    MenuItem(_("测试测评比率"), "quizzes:rates", "percent", roles=frozenset({"office", "leader"}), group=_("统计")),
    MenuItem(_("我的测试"), "quizzes:mine", "pencil-square", roles=frozenset({"cadre", "group_leader"}),
             group=_("年度工作")),
]
