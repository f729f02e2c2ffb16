from django.utils.translation import gettext_lazy as _

from tuanjie.core.navigation import MenuItem
from tuanjie.core.roles import Role

_OFFICE = frozenset({"office"})
MENU = [
    MenuItem(_("区划树"), "places:place_tree", "diagram-3", roles=frozenset({"office", "leader", "inspector"}),
             group=_("组织")),
    MenuItem(_("地区与单位"), "places:place_list", "buildings", roles=_OFFICE, group=_("组织")),
    MenuItem(_("创建单位"), "places:unit_list", "building", roles=frozenset({"office", "leader"}), group=_("组织")),
    MenuItem(_("按区划代码建立"), "places:division_pick", "download", group=_("组织"),
             roles=frozenset({Role.OFFICE, Role.ADMIN})),
    MenuItem(_("创建领域"), "places:config_fields", "tags", roles=_OFFICE, group=_("系统")),
    MenuItem(_("行政层级"), "places:config_levels", "layers", roles=_OFFICE, group=_("系统")),
]
