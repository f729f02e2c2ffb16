"""One- and two-character substring searches that PostgreSQL can answer from an index.

pg_trgm cannot serve a pattern shorter than three characters (培训, 村, "tj"): it reads the whole index, which at a
million rows costs as much as reading the table. So the columns people search by title or name also carry a GIN
index over `tuanjie_grams(...)`, the text's single characters and adjacent pairs as a text[] (培训班 →
{培, 训, 班, 培训, 训班}). Every substring of one or two characters is one of those elements, so "contains 培训" is
"grams @> {培训}", which the index answers; the LIKE that `contains` / `icontains` always ran stays beside it as the
recheck, so the rows found are exactly those of the plain substring search. Three characters and more keep the
trigram index.

The index is on an expression, not a stored column, so PostgreSQL keeps it up to date on every write path (save,
bulk_create, COPY) and no model changes; the function is IMMUTABLE, as an index expression must be. The index is
added by migrations with `OnPostgreSQL` (see core/postgres.py) and the query side by `serve_short_searches`, which
replaces the field's own `contains` / `icontains` lookup, so list filters, the search box and the API all use it.
SQLite has neither and runs its plain LIKE."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.migrations.operations.special import RunSQL
from django.db.models import Func
from django.db.models.functions import Upper
from django.db.models.lookups import Contains, IContains

FUNCTION = "tuanjie_grams"
SHORT = 2      # the longest pattern the grams serve; pg_trgm takes over at three characters

CREATE_FUNCTION = RunSQL(
    # PL/pgSQL: about half the time per row of a set-returning SQL body, which counts on every insert and in the
    # filter of a row found by another index. Duplicates are harmless: GIN stores each key of a row once.
    # STRICT: NULL in, NULL out (not indexed).
    f"""CREATE OR REPLACE FUNCTION {FUNCTION}(t text) RETURNS text[]
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
        DECLARE
          grams text[] := '{{}}';
          n int := length(t);
        BEGIN
          FOR i IN 1..n LOOP
            grams := grams || substr(t, i, 1);
            IF i < n THEN
              grams := grams || substr(t, i, 2);
            END IF;
          END LOOP;
          RETURN grams;
        END
        $$""",
    f"DROP FUNCTION IF EXISTS {FUNCTION}(text)",
)


def grams(expression) -> Func:
    return Func(expression, function=FUNCTION, output_field=models.TextField())


def grams_index(field: str, name: str, *, upper: bool = True) -> GinIndex:
    """The index a short `icontains` (upper=True: on UPPER(field), as icontains compares) or `contains` uses."""
    return GinIndex(grams(Upper(field) if upper else models.F(field)), name=name)


def _short(text) -> bool:
    # A character whose upper case is longer (ß → SS) could make the pattern longer than its grams: leave such
    # text to the plain LIKE rather than risk a missed row.
    return isinstance(text, str) and 0 < len(text) <= SHORT and len(text.upper()) == len(text)


class _ShortLookup:
    upper = False

    def as_postgresql(self, compiler, connection):
        sql, params = self.as_sql(compiler, connection)     # "<column> LIKE <pattern>", pattern last
        if not _short(self.rhs):
            return sql, params
        column = Upper(self.lhs) if self.upper else self.lhs
        grams_sql, grams_params = compiler.compile(grams(column))
        pattern = "UPPER(%s)" if self.upper else "%s"
        # The LIKE stays, for the rows it finds and for the planner's estimate (from the column's statistics), but
        # compared in the "C" collation, which matches no index: pg_trgm prices a pattern without trigrams far too
        # low, and offered this LIKE the planner would read the whole trigram index instead of the grams one. A
        # deterministic collation does not change what LIKE matches. It comes first so that a row reached another
        # way (by its place, along the date order) is rejected without computing its grams.
        return (f'({sql} COLLATE "C" AND {grams_sql} @> ARRAY[{pattern}]::text[])',
                (*params, *grams_params, self.rhs))


class ShortContains(_ShortLookup, Contains):
    pass


class ShortIContains(_ShortLookup, IContains):
    upper = True


def serve_short_searches(model, *, icontains: tuple[str, ...] = (), contains: tuple[str, ...] = ()) -> None:
    """Make `field__icontains` / `field__contains` on these fields use their grams index (which a migration adds
    with `grams_index`, upper=True for icontains) for patterns of one or two characters."""
    for name in icontains:
        model._meta.get_field(name).register_lookup(ShortIContains, "icontains")
    for name in contains:
        model._meta.get_field(name).register_lookup(ShortContains, "contains")
