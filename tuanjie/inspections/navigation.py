from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem

_INSPECTORS = frozenset({"office", "inspector", "leader"})
MENU = [
    MenuItem(_("整改事项"), "inspections:rectification_list", "wrench-adjustable",
             roles=_INSPECTORS | {"unit"}, group=_("督查考核"), first=frozenset({"inspector"}), order=20),
    MenuItem(_("督查检查"), "inspections:round_list", "search", roles=_INSPECTORS, group=_("督查考核"),
             first=frozenset({"inspector"}), order=10),
    MenuItem(_("约谈记录"), "inspections:talk_list", "chat-square-text", roles=_INSPECTORS, group=_("督查考核")),
]
