from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("人员"), "people:user_list", "people", roles=frozenset({"office"}), group=_("组织")),
    MenuItem(_("角色分配"), "people:assignment_list", "person-badge", roles=frozenset({"office"}), group=_("组织")),
]
