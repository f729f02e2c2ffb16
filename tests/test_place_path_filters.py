"""Citus on paper (docs/scaling.md, step 3): the large tables would be distributed by province, which works only if
every query a county's pages make over them says which part of the tree it reads. This test captures the SQL of the
main pages and selectors for a county office and holds each query that reads a large table to that rule.

The rule, precisely: a query that reads FROM (or JOINs) one of LARGE must, in its WHERE clause, either
- compare a path column with a prefix pattern (`"path"::text LIKE '0001000100%'`, `place_path LIKE …`), the
  materialised path of the county's subtree (a province is the path's first step, so the province follows), or
- name its places (`place_id = 7`, `unit_id IN (7, 8)`, `place_id IN (SELECT … WHERE path LIKE …)`), or
- read rows of one record found by one of the two above (`id = 42` after the list: a detail page; listed in
  BY_ID with the reason Citus can still route it).
Deliberate exceptions are listed in EXCEPTIONS with a reason each."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories_pairing import setup_programme
from tuanjie.activities.services import activity_create
from tuanjie.core.context import acting_as
from tuanjie.core.roles import Role
from tuanjie.pairing.services import contact_record, need_raise

LARGE = ("activities_activity", "pairing_contact", "core_changelogentry", "analytics_fact", "pairing_need",
         "information_informationitem")

PAGES = ["/", "/activities/", "/activities/?kind=lecture", "/pairing/contacts/", "/pairing/needs/", "/system/changes/",
         "/analytics/", "/information/", "/pairing/ledger/"]

PLACE_FILTER = re.compile(
    r'"(?:path|place_path)"(?:::text)?\s+(?:LIKE\s+\'[^%_\']+%\'|IN\s*\(\')'          # a subtree, or named paths
    r'|"(?:place|unit|reviewer_place|forwarded_from)_id"\s*(?:=\s*\d+|IN\s*\()',     # named places
    re.IGNORECASE)
# Records of named parent records, each of which sits at one place found by a place-filtered query before: a pairing
# group (its programme's place) or a pair (its group). Under Citus these tables carry `province` too (docs/scaling.md)
# and the query adds it from the parent.
PARENT_FILTER = re.compile(r'"(?:group|pair)_id"\s*(?:=\s*\d+|IN\s*\()', re.IGNORECASE)
# The signed-in person's own to-do counts (needs waiting on a cadre or group leader): a person's home place is in one
# province, which Citus would be told the same way.
PERSON_FILTER = re.compile(r'"(?:cadre|leader)_id"\s*=\s*\d+', re.IGNORECASE)
# Deliberate exceptions, each crossing shards under Citus (docs/scaling.md lists them with the fix):
EXCEPTIONS = {
    # Rows by id that a place-filtered query picked a moment before (the home page's to-do items, the change log
    # page opening the records its entries name): Citus asks every worker, one index probe each; adding the
    # province the first query knew would route it to one.
    "by id": re.compile(r'^\(?"(?:' + "|".join(LARGE) + r')"\."id"\s*(?:=\s*\d+|IN\s*\()'),
    # The change log page's names of the objects its entries refer to (core/changelog_display.py): entries of named
    # objects, found by (content type, object id), whatever the place.
    "change log of named objects": re.compile(r'"django_content_type"\."model" = \'\w+\' AND '
                                              r'"core_changelogentry"\."object_id" IN \('),
}


def _reads(sql: str) -> list[str]:
    return [t for t in LARGE if re.search(rf'(?:FROM|JOIN)\s+"{t}"', sql)]


@pytest.fixture
def county_pages(tree, client_for):
    office = tree.person(Role.OFFICE, tree.county)
    with acting_as(None, source="test"):
        activity_create(by=None, place=tree.u1, start_date=date(2026, 5, 12), title="主题宣讲", kind="lecture",
                        participants=50)
        pair = setup_programme(tree.county, tree)
        contact_record(by=None, pair=pair, date=date(2026, 2, 3), form="visit", topic="拉家常", deeds="", cost=0)
        need_raise(by=None, pair=pair, category="employment", description="想找工作")
    return client_for(office)


def test_every_query_a_county_office_makes_over_a_large_table_filters_by_its_place(county_pages):
    offending, seen, placed = [], set(), set()
    for page in PAGES:
        with CaptureQueriesContext(connection) as captured:
            response = county_pages.get(page)
        assert response.status_code == 200, page
        for query in captured.captured_queries:
            sql = query["sql"]
            tables = _reads(sql)
            where = sql.split(" WHERE ", 1)[1] if " WHERE " in sql else ""
            seen.update(tables)
            if PLACE_FILTER.search(where):
                placed.update(tables)
            elif tables and not any(rule.search(where) for rule in (PARENT_FILTER, PERSON_FILTER, *EXCEPTIONS.values())):
                offending.append((page, tables, where[:300]))
    assert not offending, "\n".join(map(str, offending))
    # Not vacuous: every large table was read, and read by place at least once.
    assert seen == placed == set(LARGE)
