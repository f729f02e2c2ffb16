"""Yes/no filters name themselves in the filter bar (which shows selects without labels) and still filter."""

from tuanjie.people.models import User


def test_a_yes_no_filter_reads_its_own_name_and_filters(tree, county_office, client_for):
    User.objects.create_user("gone", password="Test-Pass-2026", full_name="已离职人员", is_active=False,
                             home_place=tree.county)
    client = client_for(county_office)
    page = client.get("/people/").content.decode()
    assert "账号有效：全部" in page and "账号有效：否" in page and "未知" not in page
    names = {u.username for u in client.get("/people/", {"is_active": "false"}).context["object_list"]}
    assert "gone" in names and "county_office" not in names
