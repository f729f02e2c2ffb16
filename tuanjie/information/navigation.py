from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("信息报送"), "information:item_list", "newspaper", roles=frozenset({"unit", "office", "leader"}),
             group=_("信息"), first=frozenset({"unit"}), order=20),
    MenuItem(_("信息审核"), "information:queue", "inbox", roles=frozenset({"office"}), group=_("信息"),
             first=frozenset({"office"}), order=10),
    MenuItem(_("公开页"), "public:home", "globe", roles=frozenset({"office"}), group=_("信息")),
]
