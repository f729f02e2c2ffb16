from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("评选表彰"), "commendations:campaign_list", "trophy", group=_("督查考核")),
    MenuItem(_("荣誉榜"), "commendations:honours", "star", group=_("督查考核")),
]
