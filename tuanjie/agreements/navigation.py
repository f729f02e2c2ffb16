from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

# A unit reaches its agreement from its to-do and the bell (目标责任书待签订, 我负责的责任书目标): its menu is kept
# short (tests/core/test_todo.py).
MENU = [
    MenuItem(_("目标责任书"), "agreements:agreement_list", "file-earmark-check",
             roles=frozenset({"office", "leader"}), group=_("年度工作")),
    MenuItem(_("五个纳入"), "agreements:checklist_list", "check2-square", roles=frozenset({"office", "leader"}),
             group=_("年度工作")),
]
