from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

MENU = [
    MenuItem(_("督查检查"), "inspections:round_list", "search", group=_("督查考核")),
    MenuItem(_("整改事项"), "inspections:rectification_list", "wrench-adjustable", group=_("督查考核")),
    MenuItem(_("约谈记录"), "inspections:talk_list", "chat-square-text",
             roles=frozenset({"office", "inspector", "leader"}), group=_("督查考核")),
]
