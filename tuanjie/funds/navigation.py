from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("经费支出"), "funds:expenditure_list", "receipt", roles=frozenset({"unit", "office"}),
             group=_("年度工作")),
    MenuItem(_("经费概况"), "funds:summary", "cash-coin", roles=frozenset({"office", "leader"}), group=_("年度工作")),
]
