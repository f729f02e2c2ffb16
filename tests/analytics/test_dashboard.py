"""The dashboard: figures of the focused place, drill-down, links to the records, and nobody sees a neighbour."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.analytics.helpers import record
from tuanjie.analytics import hooks, links, selectors
from tuanjie.core import countables

URL = reverse("analytics:dashboard")


def test_county_office_sees_its_figures_for_the_year(tree, counting, county_office, client_for):
    record(tree.u1, date(2026, 3, 9), training=True)
    record(tree.u2, date(2026, 4, 9), published=True)
    page = client_for(county_office).get(URL, {"period": "2026"})
    assert page.status_code == 200
    board = page.context["board"]
    assert board.place == tree.county
    headline = {f.label: f.value for f in board.headline}
    assert headline["开展活动"] == 2 and headline["发布信息"] == 1
    assert board.by_kind[0][:2] == ("政策培训", 1)
    assert page.context["chart"]["trend"][0]["data"][2:4] == [1, 1]
    township = next(row for row in board.children if row.place == tree.t1)
    assert township.figures[0] == 2 and township.units == 3 and township.active == 2 and township.rate == 67
    assert "echarts.common.min.js" in page.content.decode()


def test_each_chart_has_its_figures_as_a_table_and_only_the_dashboard_loads_echarts(tree, counting, county_office,
                                                                                     client_for):
    record(tree.u1, date(2026, 3, 9), training=True)
    record(tree.u1, date(2026, 4, 9))
    client = client_for(county_office)
    page = client.get(URL, {"period": "2026"}).content.decode()
    trend, rank = (page.split('id="chart-trend"')[1].split("</details>")[0],
                   page.split('id="chart-rank"')[1].split("</details>")[0])
    assert 'role="img"' in trend and "<table" in trend and "<td>3月</td>" in trend
    # 城关镇 held both activities: the rank table gives the figure the bar draws.
    assert "城关镇</a></td><td class=\"text-end\">2</td>" in rank
    assert "echarts" not in client.get(reverse("home")).content.decode()


def test_a_month_shows_only_that_months_records(tree, counting, county_office, client_for):
    record(tree.u1, date(2026, 3, 9))
    record(tree.u1, date(2026, 4, 9))
    page = client_for(county_office).get(URL, {"period": "2026-03"})
    assert page.context["board"].headline[0].value == 1


def test_coverage_shows_blind_spots_of_each_area_and_field(tree, counting, county_office, client_for):
    record(tree.u2, date(2026, 3, 9))      # the agency works, the schools do not
    board = client_for(county_office).get(URL, {"period": "2026"}).context["board"]
    row = next(r for r in board.coverage if r.place == tree.t1)
    cells = dict(zip([f.name for f in board.fields], row.cells, strict=True))
    assert cells["机关"] == (1, 1, 100)
    assert cells["学校"] == (2, 0, 0)
    assert row.rate == 33


def test_clicking_a_child_drills_down_and_focuses_it(tree, counting, county_office, client_for):
    record(tree.u1, date(2026, 3, 9))
    client = client_for(county_office)
    board = client.get(URL, {"period": "2026"}).context["board"]
    drill = next(row.drill_url for row in board.children if row.place == tree.t1)
    page = client.get(drill)
    assert page.context["board"].place == tree.t1
    assert page.context["parent_url"].startswith(URL)
    assert {r.place for r in page.context["board"].children} == {tree.v1, tree.u1, tree.u2}


def test_a_neighbour_cannot_open_the_countys_dashboard(tree, counting, neighbour_office, client_for):
    assert client_for(neighbour_office).get(URL, {"place": tree.county.pk}).status_code == 404


def test_a_township_office_cannot_climb_to_its_county(tree, counting, township_office, client_for):
    client = client_for(township_office)
    assert client.get(URL, {"place": tree.county.pk}).status_code == 404
    assert client.get(URL).context["board"].place == tree.t1


def test_signed_out_visitors_are_sent_to_the_login(client):
    page = client.get(URL)
    assert page.status_code == 302 and "login" in page["Location"]


def test_every_figure_links_to_the_records_behind_it(tree, counting, county_office, client_for):
    record(tree.u1, date(2026, 3, 9), training=True)
    client = client_for(county_office)
    board = client.get(URL, {"period": "2026-Q1"}).context["board"]
    assert all(f.url for f in board.headline if f.value is not None and f.key in counting)
    link = board.by_kind[0][2]
    assert "key=activity.training" in link and f"place={tree.county.pk}" in link
    response = client.get(link)
    assert response.status_code == 302     # forwarded to the list, or back here while the list is not there


def test_the_records_link_carries_the_countables_filters_and_the_period(counting):
    from tuanjie.analytics.selectors import Span

    query = links.records_query(counting["activity.training"], Span.parse("2026-Q2", date.today()), {"x": 1})
    assert query == {"office_location": "培训", "date_from": "2026-04-01", "date_to": "2026-06-30", "x": 1}


def test_an_activity_figure_opens_the_activities_list_filtered_by_kind_and_period(db):
    from tuanjie.analytics.selectors import Span
    url = links.forward_url("activity.training", Span.parse("2026-03", date.today()), {"creation_field": 3})
    assert url.startswith(reverse("activities:activity_list") + "?")
    assert "kind=training" in url and "date_from=2026-03-01" in url and "date_to=2026-03-31" in url
    assert "creation_field=3" in url


def test_the_dashboard_query_count_does_not_grow_with_the_data(tree, counting, county_office, client_for):
    client = client_for(county_office)
    record(tree.u1, date(2026, 3, 9))
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for day in range(1, 20):
        record(tree.u1a if day % 2 else tree.u2, date(2026, 1 + day % 12, day), training=bool(day % 3))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_the_dashboard_is_in_the_menu(tree, county_office, client_for):
    assert reverse("analytics:dashboard") in client_for(county_office).get(URL).content.decode()


def test_the_lagging_panel_names_units_behind_their_quota(tree, counting, county_office, client_for):
    from tuanjie.quotas.models import QuotaRule

    today = date.today()
    QuotaRule.objects.create(place=tree.county, name="每月开展活动不少于1次", year=today.year, countable="activity",
                             minimum=1, period="month")
    record(tree.u1, today)
    record(tree.u1, today.replace(day=1) - timedelta(days=1))     # the month before counts too
    client = client_for(county_office)
    page = client.get(reverse("analytics:lagging"), {"place": tree.county.pk}, HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    sections = {s.title: s for s in page.context["lagging"]}
    behind = sections["未完成规定动作的单位"]
    named = " ".join(text for text, _url in behind.names)
    assert "城关镇人民政府" in named and "城关镇中心学校（" not in named
    assert set(sections) == {"未完成规定动作的单位", "逾期未完成的重点任务", "逾期未整改的问题"}
    assert "<html" not in page.content.decode()


def test_the_lagging_panel_opens_as_a_page_without_javascript(tree, counting, county_office, client_for):
    page = client_for(county_office).get(reverse("analytics:lagging"))
    assert page.status_code == 200 and "<html" in page.content.decode()


def test_a_neighbour_cannot_read_the_countys_lagging_units(tree, counting, neighbour_office, client_for):
    assert client_for(neighbour_office).get(reverse("analytics:lagging"), {"place": tree.county.pk}).status_code == 404


def test_a_headline_key_missing_from_the_registry_fails_the_dashboard_instead_of_showing_a_dash(tree, monkeypatch):
    registry = {key: c for key, c in countables.registry().items() if key != "pairing.visit"}
    monkeypatch.setattr(countables, "registry", lambda: registry)
    with pytest.raises(KeyError):
        selectors.dashboard(tree.county, selectors.Span.of("y", date(2026, 1, 1)))


def test_a_broken_figure_of_another_app_fails_instead_of_disappearing(tree, monkeypatch):
    def moved(*args, **kwargs):
        raise AttributeError("fund_summary moved")

    monkeypatch.setattr(hooks, "fund_summary", moved)
    with pytest.raises(AttributeError):
        hooks.funds_figures(tree.county, year=2026)
