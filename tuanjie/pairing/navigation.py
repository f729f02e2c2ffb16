from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

_G = _("结对帮扶")
_HOUSEHOLD_ROLES = frozenset({"office", "unit", "cadre", "group_leader"})
_ORGANISERS = frozenset({"office", "unit", "group_leader"})

MENU = [
    MenuItem(_("我的结对户"), "pairing:my_pairs", "people", roles=frozenset({"cadre", "group_leader"}), group=_G),
    MenuItem(_("结对帮扶活动"), "pairing:programme_list", "hand-thumbs-up", group=_G),
    MenuItem(_("月度台账"), "pairing:ledger", "table", group=_G),
    MenuItem(_("结对帮扶统计"), "pairing:overview", "bar-chart", group=_G),
    MenuItem(_("结对户"), "pairing:household_list", "house-heart", roles=_ORGANISERS, group=_G),
    MenuItem(_("联系记录"), "pairing:contact_list", "telephone", roles=_HOUSEHOLD_ROLES, group=_G),
    MenuItem(_("群众诉求"), "pairing:need_list", "chat-square-text", roles=_HOUSEHOLD_ROLES, group=_G),
    MenuItem(_("分组月度小结"), "pairing:summary_list", "journal-text", group=_G),
    MenuItem(_("一人一档"), "pairing:my_file", "person-vcard", roles=frozenset({"cadre"}), group=_G),
    MenuItem(_("传统节日"), "pairing:festival_list", "calendar-heart", group=_G),
    MenuItem(_("结对户查看记录"), "pairing:read_log", "eye", roles=frozenset({"office"}), group=_G),
]
