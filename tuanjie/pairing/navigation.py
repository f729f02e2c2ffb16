from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

_G = _("结对帮扶")
_CADRES = frozenset({"cadre", "group_leader"})
_ORGANISERS = frozenset({"office", "unit", "group_leader"})
_OFFICE = frozenset({"office"})

MENU = [
    MenuItem(_("记录走访"), "pairing:contact_add", "telephone-plus", roles=frozenset({"cadre"}), group=_G,
             first=frozenset({"cadre"}), order=10, testid="menu-contact-add"),
    MenuItem(_("我的结对户"), "pairing:my_pairs", "people", roles=_CADRES, group=_G, first=frozenset({"cadre"}),
             order=20),
    MenuItem(_("月度台账"), "pairing:ledger", "table", roles=frozenset({"office", "group_leader", "leader"}), group=_G,
             first=frozenset({"group_leader"}), order=10),
    MenuItem(_("群众诉求"), "pairing:need_list", "chat-square-text", roles=_ORGANISERS | {"cadre"}, group=_G,
             first=frozenset({"group_leader"}), order=20),
    MenuItem(_("结对户"), "pairing:household_list", "house-heart", roles=_ORGANISERS, group=_G),
    MenuItem(_("联系记录"), "pairing:contact_list", "telephone", roles=_OFFICE | _CADRES, group=_G),
    MenuItem(_("分组月度小结"), "pairing:summary_list", "journal-text", roles=frozenset({"office", "group_leader"}),
             group=_G),
    MenuItem(_("一人一档"), "pairing:my_file", "person-vcard", roles=frozenset({"cadre"}), group=_G),
    MenuItem(_("传统节日"), "pairing:festival_list", "calendar-heart", roles=_OFFICE | _CADRES, group=_G),
    MenuItem(_("结对帮扶活动"), "pairing:programme_list", "hand-thumbs-up", roles=frozenset({"office", "unit"}),
             group=_G),
    MenuItem(_("结对帮扶统计"), "pairing:overview", "bar-chart", roles=frozenset({"office", "leader", "group_leader"}),
             group=_G),
    MenuItem(_("结对户查看记录"), "pairing:read_log", "eye", roles=_OFFICE, group=_G),
]
