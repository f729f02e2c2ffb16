from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

_READERS = frozenset({"office", "leader"})
MENU = [
    MenuItem(_("评选表彰"), "commendations:campaign_list", "trophy", roles=_READERS, group=_("督查考核")),
    MenuItem(_("荣誉榜"), "commendations:honours", "star", roles=_READERS, group=_("督查考核")),
]
