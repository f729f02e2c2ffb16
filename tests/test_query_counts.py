"""List pages must not run a query per row: the count stays flat as rows grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuanjie.places.models import CreationField, Place
from tuanjie.places.services import place_create


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_places_list_does_not_grow_with_rows(tree, county_office, client_for):
    client = client_for(county_office)
    url = "/places/"
    few = queries_for(client, url)
    school = CreationField.objects.get(name="学校")
    for i in range(30):
        place_create(parent=tree.t2, kind=Place.Kind.UNIT, name=f"学校{i}", code=f"S{i}", creation_field=school)
    assert queries_for(client, url) == few


def test_the_people_list_does_not_grow_with_rows(tree, county_office, client_for):
    from tuanjie.core.roles import Role

    client = client_for(county_office)
    few = queries_for(client, "/people/")
    for i in range(20):
        tree.person(Role.CADRE, tree.u2, f"cadre{i}")
    assert queries_for(client, "/people/") == few


def test_the_activity_list_does_not_grow_with_rows_pages_or_search(tree, county_office, client_for):
    from datetime import date, timedelta

    from tuanjie.activities.services import activity_create
    from tuanjie.core.context import acting_as

    def log(n):
        with acting_as(None, source="test"):
            for i in range(n):
                place = (tree.u1, tree.u2, tree.t2)[i % 3]
                activity_create(by=None, place=place, start_date=date(2026, 1, 1) + timedelta(days=i % 300),
                                title=f"民族团结活动{i}", kind="lecture")

    client = client_for(county_office)
    urls = ["/activities/", "/activities/?page=2", "/activities/?q=民族团结", "/activities/?kind=lecture&sort=participants"]
    log(35)      # more than a page of 30, so every page counts
    few = [queries_for(client, url) for url in urls]
    log(60)
    assert [queries_for(client, url) for url in urls] == few


def _list_pages():
    from tests.access.routes import api_routes, page_routes

    pages = [(label, url) for label, routes in page_routes().items() for url in routes.lists]
    return sorted(pages + [(label, url) for label, (url, _viewset) in api_routes().items()])


def test_every_list_page_is_counted():
    from tests.factories import FACTORIES

    assert _list_pages(), "no list pages found"
    assert not [label for label, _url in _list_pages() if label not in FACTORIES]


@pytest.mark.parametrize(("label", "url"), _list_pages(), ids=lambda v: v)
def test_a_list_page_runs_as_many_queries_for_thirty_rows_as_for_one(label, url, tree, client_for):
    """Each row sits at its own unit, so unique rules (one quota per place and year…) never stop the factory."""
    from tests.factories import FACTORIES
    from tuanjie.core.context import acting_as
    from tuanjie.core.roles import Role

    make = FACTORIES[label]
    school = CreationField.objects.get(name="学校")
    with acting_as(None, source="test"):
        units = [place_create(parent=tree.t2, kind=Place.Kind.UNIT, name=f"学校{i}", code=f"Q{i}",
                              creation_field=school) for i in range(30)]
        make(units[0], tree)
    client = client_for(tree.person(Role.ADMIN, tree.province, "admin"))
    one = queries_for(client, url)
    with acting_as(None, source="test"):
        for unit in units[1:]:
            make(unit, tree)
    assert queries_for(client, url) == one, f"{url}: {one} queries for one row"
