"""The dashboard's fact-derived parts, rendered once and kept in the "dashboard" cache.

A fragment is keyed by the place, the period, the facts version (models.FactsVersion, read from the database on
every request, through the replica when the figures are), the language and the person's scope (superuser or not,
and their active roles and places). The version goes up in the transaction that changes a figure or a name the
fragment shows, so a request that can see the change reads the new number and renders afresh: a cached fragment
is never older than the data, whichever process holds it. The scope is in the key although the figures of a
place are the same for everyone who may open it, so that a fragment can never reach a person with another reach
even if a later fragment shows something per person. The tiles of other apps (tasks, rectifications, funds,
distance to a title, inclusions, quiz rates) are in the fragment too: a save or deletion in those apps bumps the
same version (facts.SHOWN_WITH_FIGURES), and the key holds today's date, since "overdue" depends on it."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from tuanjie.analytics.models import FactsVersion
from tuanjie.core.access import assignments_of

ALIAS = "dashboard"


def _cache():
    return caches[ALIAS if ALIAS in settings.CACHES else "default"]


def version() -> int:
    return FactsVersion.objects.filter(pk=1).values_list("n", flat=True).first() or 0


def scope_of(user) -> str:
    """A short digest of what the person may see: superuser or not, and their active (role, place path) pairs."""
    reach = (bool(user.is_superuser), sorted(assignments_of(user)))
    return hashlib.sha1(repr(reach).encode()).hexdigest()[:16]


def key(place, span, user, facts_version: int, today: date) -> str:
    return (f"dash:{place.pk}:{span.code}:{facts_version}:{today:%Y%m%d}:{translation.get_language()}:"
            f"{scope_of(user)}")


def chart_of(board) -> dict:
    """What the charts draw (dashboard.js reads it from the page as JSON)."""
    return {
        "months": board.trend_months,
        "trend": [{"name": name, "data": data} for name, data in board.trend],
        "fields": [{"name": n, "value": v, "url": u} for n, v, u in board.by_field],
        "kinds": [{"name": n, "value": v, "url": u} for n, v, u in board.by_kind],
        "rank": [{"name": r.place.name, "value": r.figures[0], "url": r.drill_url}
                 for r in board.children[:15]][::-1],
    }


def render(board, span, tiles: dict) -> dict:
    """{"headline": html, "body": html, "chart": dict} of a board and the other apps' tiles."""
    chart = chart_of(board)
    context = {**tiles, "board": board, "span": span, "chart": chart}
    return {"headline": render_to_string("analytics/partials/board_headline.html", context),
            "body": render_to_string("analytics/partials/board_body.html", context),
            "chart": chart}


def cached(place, span, user, *, build, tiles, today: date) -> tuple[dict, object | None, dict | None]:
    """(fragments, board, tiles): the cached fragments when the key is there (board and tiles None: nothing was
    computed), else `build()`'s board and `tiles()` rendered and stored. Call inside `reading_from_replica()` so
    the version is read where the figures are."""
    cache = _cache()
    name = key(place, span, user, version(), today)
    found = cache.get(name)
    if found is not None:
        return _safe(found), None, None
    board, shown = build(), tiles()
    parts = render(board, span, shown)
    cache.set(name, parts)
    return _safe(parts), board, shown


def _safe(parts: dict) -> dict:
    return {"headline": mark_safe(parts["headline"]), "body": mark_safe(parts["body"]),  # noqa: S308 (ours)
            "chart": parts["chart"]}
