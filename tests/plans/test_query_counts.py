"""Plan pages do not run a query per task."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuanjie.plans import services


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_task_lists_and_the_plan_page_stay_flat_as_tasks_grow(tree, plan, task, county_office, unit_staff,
                                                              client_for):
    office, unit = client_for(county_office), None
    urls = [reverse("plans:task_list"), plan.get_absolute_url()]
    before = [_queries(office, url) for url in urls]
    for i in range(8):
        services.task_create(by=county_office, plan=plan, title=f"任务{i}", lead_unit=tree.u1,
                             partner_units=[tree.u2, tree.u1a], target_quantity=i + 1, target_unit="次")
    assert [_queries(office, url) for url in urls] == before
    unit = client_for(unit_staff)
    mine = _queries(unit, reverse("plans:my_tasks"))
    services.task_create(by=county_office, plan=plan, title="再一项", lead_unit=tree.u1, partner_units=[tree.u2])
    assert _queries(unit, reverse("plans:my_tasks")) == mine
