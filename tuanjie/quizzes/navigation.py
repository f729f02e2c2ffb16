from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

STAFF = frozenset({"unit", "cadre", "group_leader", "office"})

MENU = [
    MenuItem(_("测试与测评"), "quizzes:quiz_list", "ui-checks", roles=frozenset({"office", "unit"}), group=_("年度工作")),
    MenuItem(_("题库"), "quizzes:bank_list", "journal-text", roles=frozenset({"office"}), group=_("年度工作")),
    MenuItem(_("测试测评比率"), "quizzes:rates", "percent", roles=frozenset({"office", "leader"}), group=_("统计")),
    MenuItem(_("本单位答卷"), "quizzes:attempt_list", "card-checklist", roles=frozenset({"unit"}), group=_("年度工作")),
    MenuItem(_("我的测试"), "quizzes:mine", "pencil-square", roles=STAFF, group=_("年度工作")),
]
