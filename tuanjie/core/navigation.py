"""The main menu. Each app lists its entries in `navigation.py` as MENU = [MenuItem(...)]; the layout collects
them, so adding a section never touches the shared templates.

A person sees only the entries of the roles they hold (about ten for a unit or a cadre). The entries a role uses
most (`first`) come first, straight in the top bar; the rest sit under their heading, each heading once, in
`GROUPS` order whichever app declares it."""

from dataclasses import dataclass
from functools import cache, lru_cache

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The headings in the order the top bar shows them (an app's heading not listed here comes after them).
GROUPS = (_("年度工作"), _("结对帮扶"), _("信息"), _("督查考核"), _("统计"), _("组织"), _("系统"))


@cache
def _menu_url(url_name: str, prefix: str) -> str:
    """A menu entry's address. The menu is drawn on every page, and reversing its forty-odd names each time was
    a tenth of a small page's CPU; the answer only changes with the URLconf's script prefix."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return "#"


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str = "circle"
    roles: frozenset | None = None   # shown only to these roles; None = everyone signed in
    group: str = ""
    first: frozenset = frozenset()   # roles for which this is a main action: straight in the top bar, before the rest
    order: int = 50                  # among the main actions, lower first
    testid: str = ""                 # a name for tests and the first-visit guide ("menu-todo")

    def url(self) -> str:
        return _menu_url(self.url_name, get_script_prefix())


@cache
def menu_items() -> tuple[MenuItem, ...]:
    """Every app's entries, collected once per process (the apps' MENU lists are fixed at import)."""
    from tuanjie.core.discovery import app_modules

    return tuple(item for _config, module in app_modules("navigation") for item in getattr(module, "MENU", []))


def _roles(user) -> set[str]:
    from tuanjie.core.access import assignments_of

    return {role for role, _path in assignments_of(user)}


def _shown(item: MenuItem, roles: set[str], everything: bool) -> bool:
    return item.roles is None or everything or bool(roles & set(item.roles))


def menu_sections(user) -> list[tuple[str, list[MenuItem]]]:
    """("", the main actions) then (heading, its entries) for each heading with entries, each entry once."""
    roles = _roles(user)
    everything = bool(user.is_superuser or "admin" in roles)
    return [(heading, list(items)) for heading, items in _sections(frozenset(roles), everything, get_language())]


@lru_cache(maxsize=256)
def _sections(roles: frozenset, everything: bool, language: str | None) -> tuple[tuple[str, tuple], ...]:
    """menu_sections for one set of roles and language: the same on every page, so worked out once per process
    (the headings are translated, hence the language)."""
    visible = [item for item in menu_items() if _shown(item, roles, everything)]
    main = sorted((item for item in visible if roles & set(item.first)), key=lambda item: item.order)
    rest = [item for item in visible if item not in main]
    order = {str(g): n for n, g in enumerate(GROUPS)}
    headings = sorted({str(item.group) for item in rest}, key=lambda g: (order.get(g, len(order)), g))
    sections = [("", tuple(main))] if main else []
    for heading in headings:
        sections.append((heading, tuple(item for item in rest if str(item.group) == heading)))
    return tuple(sections)


def menu_for(user) -> list[MenuItem]:
    """The entries `user` sees, in the order the top bar shows them."""
    return [item for _heading, items in menu_sections(user) for item in items]


_EVERYONE = frozenset({"office", "unit", "cadre", "group_leader", "inspector", "leader"})
MENU = [MenuItem(_("待办"), "core:todo", "check2-circle", first=_EVERYONE, order=0, testid="menu-todo"),
        MenuItem(_("变更记录"), "core:changelog_list", "clock-history", roles=frozenset({"office"}), group=_("系统")),
        MenuItem(_("回收站"), "core:deleted_list", "trash", roles=frozenset({"office"}), group=_("系统")),
        MenuItem(_("安全事件"), "core:security_events", "shield-lock", roles=frozenset({"office"}), group=_("系统"))]
