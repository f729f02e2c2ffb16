from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("示范称号申报"), "titles:application_list", "award", roles=frozenset({"unit", "office", "inspector"}),
             group=_("督查考核")),
    MenuItem(_("示范称号"), "titles:title_list", "patch-check", roles=frozenset({"office", "leader", "inspector"}),
             group=_("督查考核")),
    MenuItem(_("申报通知"), "titles:call_list", "megaphone", roles=frozenset({"office"}), group=_("督查考核")),
    MenuItem(_("推荐名额"), "titles:quota_list", "123", roles=frozenset({"office"}), group=_("督查考核")),
]
