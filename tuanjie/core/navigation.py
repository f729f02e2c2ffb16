"""The main menu. Each app lists its entries in `navigation.py` as MENU = [MenuItem(...)]; the layout collects
them in app order, so adding a section never touches the shared templates."""

from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, get_script_prefix, reverse


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

    def url(self) -> str:
        return _menu_url(self.url_name, get_script_prefix())


@cache
def menu_items() -> tuple[MenuItem, ...]:
    """Every app's entries, collected once per process (the apps' MENU lists are fixed at import)."""
    from tuanjie.core.discovery import app_modules

    return tuple(item for _config, module in app_modules("navigation") for item in getattr(module, "MENU", []))


def menu_for(user) -> list[MenuItem]:
    from tuanjie.core.access import assignments_of

    roles = {role for role, _path in assignments_of(user)}
    return [
        item for item in menu_items()
        if item.roles is None or user.is_superuser or roles & set(item.roles) or "admin" in roles
    ]


MENU = [MenuItem("变更记录", "core:changelog_list", "clock-history", roles=frozenset({"office"}), group="系统"),
        MenuItem("回收站", "core:deleted_list", "trash", roles=frozenset({"office"}), group="系统")]
