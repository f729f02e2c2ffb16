from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("年度档案"), "archives:home", "archive", roles=frozenset({"office"}), group=_("年度工作")),
]
