from datetime import date

import pytest

from tuanjie.core.context import acting_as


@pytest.fixture
def plan(tree, county_office):
    from tuanjie.plans import services

    with acting_as(county_office, source="test"):
        plan = services.plan_create(by=county_office, place=tree.county, year=2026, title="团结县2026年实施方案",
                                    guiding_ideology="以铸牢中华民族共同体意识为主线", goals="全覆盖")
        services.phase_add(by=county_office, plan=plan, name="宣传动员", start=date(2026, 1, 10),
                           end=date(2026, 3, 31))
        services.phase_add(by=county_office, plan=plan, name="组织实施", start=date(2026, 4, 1),
                           end=date(2026, 10, 31))
    return plan


@pytest.fixture
def task(tree, plan, county_office):
    """A county task led by the school U1 with the township government U2 as partner."""
    from tuanjie.plans import services

    with acting_as(county_office, source="test"):
        return services.task_create(by=county_office, plan=plan, title="开展民族团结宣讲", lead_unit=tree.u1,
                                    partner_units=[tree.u2], deadline=date(2026, 6, 30), target_quantity=10,
                                    target_unit="场", phase=plan.phases.first())
