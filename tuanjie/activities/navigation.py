from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("登记活动"), "activities:activity_add", "plus-circle", roles=frozenset({"unit", "office"}),
             group=_("年度工作"), first=frozenset({"unit"}), order=10, testid="menu-activity-add"),
    MenuItem(_("活动台账"), "activities:activity_list", "calendar-check",
             roles=frozenset({"unit", "office", "leader", "inspector"}), group=_("年度工作")),
    MenuItem(_("活动类型设置"), "activities:kind_list", "tags", roles=frozenset({"office"}), group=_("年度工作")),
]
