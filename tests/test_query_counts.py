"""List pages must not run a query per row: the count stays flat as rows grow."""

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
