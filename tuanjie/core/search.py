"""Search across everything a person may see (the top bar's box, `/search/`).

Each app lists what it offers in `search.py` as SEARCH = [Searchable(...)]; this module runs them. A searchable
only says how to match text and how to show a hit: who sees what is decided by the model's own `restrict`, the
same one its list page uses (subtree rule; household privacy through `HouseholdQuerySet.restrict`), so search
can never show more than the pages do. Every group costs one query (cap + 1 rows, to know whether to offer 更多),
plus two shared by the kinds that also match by place (the places the text names, by name and by pinyin), so a
search is flat in queries whatever it finds."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse

from tuanjie.core.access import VIEW, RestrictedQuerySet

CAP = 5                 # hits shown per group; the rest are behind 更多
# The places a text names reach a record query as a list of ids up to PLACE_IDS, which the planner sees value by
# value. Beyond it, on PostgreSQL, up to PLACE_ARRAY as one array parameter: a subquery over the places inside an
# OR is re-run by every partition and parallel worker, and thousands of single parameters cost more to build and
# plan than the query takes to run (at a million activities, "12" naming 8,000 units: count and first page
# 41 / 81 ms by the subquery, 141 / 132 ms by a list, 44 / 8 ms by an array). Beyond that, and on SQLite beyond
# PLACE_IDS, the ids stay a subquery.
PLACE_IDS = 500
PLACE_ARRAY = 20_000
# While one search runs, the places its text names are looked up once for all the kinds that match by place.
_named_places: ContextVar[dict | None] = ContextVar("named_places", default=None)


def text_or_place_q(text: str, fields: tuple[str, ...], place: str, model=None) -> Q:
    """Rows whose `fields` contain `text`, or whose place (`place`, a foreign key to a place) `text` names by name
    or pinyin ('tjx' → 团结乡). The places are matched first, in their own query: "title matches OR place name
    matches" across the join can use neither table's index, so PostgreSQL would read and join every row. With the
    ids in hand the test is on the record's table alone, and its trigram and place indexes answer it together;
    beyond PLACE_IDS places the ids stay a subquery. With `model` (the rows' model), only the named places that
    hold a row of it are kept (`_holding`)."""
    from tuanjie.places.models import Place

    text = (text or "").strip()
    q = Q(pk__in=[])
    for name in fields:
        q |= Q(**{f"{name}__icontains": text})
    ids = named_place_ids(text)
    if model is not None and ids and len(ids) <= _most():
        ids = _holding(model, place, ids)
    if not ids:
        return q
    if len(ids) <= _most():
        return q | Q(**{f"{place}__in": _among(ids)})
    by_name, by_pinyin = _naming(text)
    return q | Q(**{f"{place}__in": Place.objects.filter(by_name | by_pinyin).order_by().values("pk")})


def _naming(text: str) -> tuple[Q, Q]:
    """A place named by `text`: by its name, or by its pinyin (stored lower case without spaces)."""
    return Q(name__icontains=text), Q(search_key__contains=text.lower().replace(" ", ""))


def named_place_ids(text: str) -> list[int]:
    """The ids of the places `text` names (`_naming`), past `_most()` just one more; found once per text in a
    search of everything (`search_everything`), however many kinds match by place."""
    from tuanjie.places.models import Place

    shared = _named_places.get()
    ids = shared.get(text) if shared is not None else None
    if ids is None:
        ids = _place_ids(Place.objects.order_by(), *_naming(text))
        if shared is not None:
            shared[text] = ids
    return ids


def _most() -> int:
    """The most place ids a record query takes as ids rather than as a subquery over the places."""
    return PLACE_ARRAY if connection.vendor == "postgresql" else PLACE_IDS


def _among(ids: list[int]):
    """`ids` as the right-hand side of `__in`: the list itself up to PLACE_IDS, one array parameter beyond."""
    return ids if len(ids) <= PLACE_IDS else RawSQL("SELECT unnest(%s::bigint[])", [ids])


def _holding(model, place: str, ids: list[int]) -> list[int]:
    """Those of `ids` at which `model` has a row (one probe of its place index each). The planner takes a place to
    hold the table's average share of rows, so the hundreds of namesake villages of a national tree that hold none
    look like thousands of matches, and PostgreSQL walks the date index for the first page through every row of
    the table in search of them (7.5 s at five million activities). Left out, they are not estimated at all."""
    from tuanjie.places.models import Place

    rows = model._base_manager.filter(**{place: OuterRef("pk")})
    return sorted(Place.objects.filter(pk__in=_among(ids)).filter(Exists(rows)).order_by()
                  .values_list("pk", flat=True))


def place_search_q(text: str, *, by_code: bool = False) -> Q:
    """The places `text` names by name or pinyin (and, with `by_code`, whose code starts with it), as the list of
    their ids when there are at most `_most()` (shared with the kinds matched by place, `named_place_ids`). A page
    of a search is ordered and limited: given the OR itself, PostgreSQL walks the order's index and tests every
    place until the page is full, which for a name found a few hundred times in a national tree reads most of the
    table (城关镇: 480,000 places read for six hits, 141 ms). With the ids it reads just those rows."""
    from tuanjie.places.models import Place

    ids = named_place_ids(text)
    by_name, by_pinyin = _naming(text)
    either = by_name | by_pinyin
    if by_code:
        by_prefix = Q(code__startswith=text)
        ids = sorted(set(ids) | set(_place_ids(Place.objects.order_by(), by_prefix)))
        either |= by_prefix
    if len(ids) <= _most():
        return Q(pk__in=_among(ids))
    return either


def _place_ids(places, *conditions: Q) -> list[int]:
    """The ids of the places meeting any of `conditions`; past the most a query takes as ids (more than PLACE_ARRAY
    on PostgreSQL, PLACE_IDS elsewhere), just that many and one more. One query per condition: each is then
    answered by its own index alone, where an OR makes PostgreSQL compute the short-search grams of every row it
    finds again (5× slower at 8,000 matching places)."""
    most = _most()
    found: set[int] = set()
    for condition in conditions:
        found.update(places.filter(condition).values_list("pk", flat=True)[: most + 1])
        if len(found) > most:
            break
    return sorted(found)


class TextSearchQuerySet(RestrictedQuerySet):
    """`search(text)` for a model that declares `search_fields` (text columns) and `search_place` (the foreign key
    to the place it belongs to): used by its list page and by the search box alike."""

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(text_or_place_q(text, self.model.search_fields, self.model.search_place, self.model))


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Searchable:
    """One kind of record the search box finds: by the model's own `search(text)`, the one its list page (behind
    更多) uses, so the group and the list agree."""

    key: str                                   # "activities"; also the `type` filter of /search/
    label: str                                 # the group's heading
    model: type
    show: Callable                             # (obj) -> (title, detail)
    more_url_name: str | None = None           # the filtered list behind 更多 (given ?q=)
    icon: str = "search"
    related: tuple = ()                        # select_related for `show`
    order: tuple = ()                          # ordering of the hits; the model's own when empty
    narrow: Callable | None = None             # (queryset) -> queryset, e.g. units only
    on_read: Callable | None = None            # (user, objects) -> None: households' hits go to their read log

    def hits(self, user, text: str, limit: int) -> list[Hit]:
        qs = self.model.objects.restrict(user, VIEW).search(text)
        if self.narrow is not None:
            qs = self.narrow(qs)
        if self.related:
            qs = qs.select_related(*self.related)
        if self.order:
            qs = qs.order_by(*self.order)
        found, shown = [], list(qs[:limit])
        for obj in shown:
            title, detail = self.show(obj)
            found.append(Hit(str(title), str(detail or ""), obj.get_absolute_url()))
        if self.on_read is not None:
            self.on_read(user, shown)
        return found

    def more_url(self, text: str) -> str | None:
        if not self.more_url_name:
            return None
        return f"{reverse(self.more_url_name)}?{urlencode({'q': text})}"


@dataclass
class Group:
    searchable: Searchable
    hits: list = field(default_factory=list)
    more: bool = False         # there are more hits than shown
    text: str = ""

    @property
    def label(self) -> str:
        return self.searchable.label

    @property
    def more_url(self) -> str | None:
        return self.searchable.more_url(self.text) if self.more else None


# The order of the groups on the page: what people look for most first; an app's new kind goes last until placed.
ORDER = ("units", "places", "people", "households", "activities", "information", "rectifications", "plans", "tasks",
         "documents")


@cache
def searchables() -> tuple[Searchable, ...]:
    """Every app's searchables (fixed at import, collected once per process), in ORDER."""
    from tuanjie.core.discovery import app_modules

    found = [s for _config, module in app_modules("search") for s in getattr(module, "SEARCH", [])]
    return tuple(sorted(found, key=lambda s: ORDER.index(s.key) if s.key in ORDER else len(ORDER)))


def search_everything(user, text: str, *, cap: int = CAP, only: str | None = None) -> list[Group]:
    """The groups with hits for `text`, each at most `cap` hits (all of one kind when `only` names it, up to 50),
    empty groups left out."""
    text = " ".join((text or "").split())
    if not text or not getattr(user, "is_authenticated", False):
        return []
    groups = []
    token = _named_places.set({})
    try:
        for searchable in searchables():
            if only and searchable.key != only:
                continue
            limit = 50 if only else cap
            hits = searchable.hits(user, text, limit + 1)
            if hits:
                groups.append(Group(searchable, hits[:limit], more=len(hits) > limit, text=text))
    finally:
        _named_places.reset(token)
    return groups
