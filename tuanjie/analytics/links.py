"""Where the records behind a figure are listed: each countable's app list page, narrowed to the place (through
the focus, like every list) and filtered by the countable's own filters and the period.

The list page of a countable "app.Model" is the URL named "<app>:<model>_list" unless LIST_URLS says otherwise;
the period goes in "date_from" / "date_to" (the lists' shared filter names). LIST_URLS and EXTRA_PARAMS hold the
exceptions, keyed by countable key or key prefix."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from tuanjie.core import countables

# Exceptions to the naming convention: countable key prefix -> URL name.
LIST_URLS: dict[str, str] = {
    "information": "information:item_list",
    "pairing.group_summary": "pairing:summary_list",
}
# Filters a list understands that the countable's own filters cannot express (e.g. "status__in").
EXTRA_PARAMS: dict[str, dict] = {
    "information.accepted": {},
    "information.published": {"status": "published"},
}
DATE_FROM, DATE_TO = "date_from", "date_to"


def _matching(mapping: dict, key: str):
    best = None
    for prefix in mapping:
        if (key == prefix or key.startswith(prefix + ".")) and (best is None or len(prefix) > len(best)):
            best = prefix
    return mapping[best] if best is not None else None


def list_url_for(countable) -> str:
    name = _matching(LIST_URLS, countable.key)
    if name:
        try:
            return reverse(name)
        except NoReverseMatch:
            return ""
    app_label, model = countable.model.split(".")
    try:
        return reverse(f"{app_label}:{model.lower()}_list")
    except NoReverseMatch:
        return ""


def records_query(countable, span, extra: dict | None = None) -> dict:
    params = {k: v for k, v in countable.filters.items() if "__" not in k and isinstance(v, str | int)}
    params.update(_matching(EXTRA_PARAMS, countable.key) or {})
    params[DATE_FROM] = span.start.isoformat()
    params[DATE_TO] = span.end.isoformat()
    params.update(extra or {})
    return params


def records_link(key: str, place, span, **extra) -> str:
    """The analytics hop that focuses the place and forwards to the list (a plain link: works without JS)."""
    countables.get(key)             # a key the code names must be registered: a renamed one raises here
    query = {"key": key, "place": place.pk, "period": span.code, **extra}
    return reverse("analytics:records") + "?" + urlencode(query)


def forward_url(key: str, span, extra: dict) -> str:
    if not countables.exists(key):
        return ""
    countable = countables.get(key)
    base = list_url_for(countable)
    if not base:
        return ""
    return base + "?" + urlencode(records_query(countable, span, extra))
