"""The demo county's plan and quota rules build quickly and look like the seeds."""

import time
from datetime import date

import pytest

from tuanjie.core.context import acting_as


@pytest.fixture
def world(tree):
    """A small World: the test tree with the demo county's county-level units (the full foundation is slow)."""
    import random

    from tuanjie.demo.foundation import World
    from tuanjie.demo.names import COUNTY_UNITS
    from tuanjie.places.models import CreationField
    from tuanjie.places.services import place_create

    fields = {f.name: f for f in CreationField.objects.all()}
    w = World(rng=random.Random(2026), province=tree.province, city=tree.city, county=tree.county,
              neighbour=tree.neighbour, townships=[tree.t1, tree.t2])
    with acting_as(None, source="demo"):
        w.units = [place_create(parent=tree.county, kind="unit", name=name, code=f"D{i:02d}",
                                creation_field=fields[field]) for i, (name, field) in enumerate(COUNTY_UNITS)]
    return w


def test_the_demo_builds_the_county_plan_township_plans_and_the_quota_rules(world):
    from tuanjie.plans import demo as plans_demo
    from tuanjie.plans.models import Plan, PlanTask, ScheduledActivity
    from tuanjie.quotas import demo as quotas_demo
    from tuanjie.quotas.models import QuotaRule

    started = time.monotonic()
    with acting_as(None, source="demo"):
        plans_demo.build(world)
        quotas_demo.build(world)
    assert time.monotonic() - started < 20

    county = Plan.objects.get(place=world.county, year=2026)
    assert [p.name for p in county.phases.all()] == ["宣传动员", "组织实施", "检查验收", "总结表彰"]
    assert county.tasks.count() == 15
    assert all(t.lead_unit.path.startswith(world.county.path) for t in county.tasks.all())
    assert county.tasks.filter(status="done").exists()
    assert any(t.is_overdue(date(2026, 11, 23)) for t in county.tasks.all())
    assert ScheduledActivity.objects.filter(plan=county).count() >= 10
    derived = Plan.objects.filter(source=county)
    assert derived.count() == 2
    assert all(t.source_task_id for t in PlanTask.objects.filter(plan__in=derived))
    rules = QuotaRule.objects.filter(place=world.county, year=2026)
    assert rules.filter(countable="activity.report_hearing", minimum=2, period="year").exists()
    assert rules.count() >= 8


def test_the_demo_gives_units_liaisons_their_own_plans(world, tree):
    from tuanjie.core.roles import Role
    from tuanjie.plans import demo as plans_demo
    from tuanjie.plans.models import Plan

    for unit in world.units:
        if unit.creation_field.name in {"学校", "机关"}:
            world.staff_by_unit[unit.pk] = tree.person(Role.UNIT, unit, f"liaison-{unit.pk}")
    with acting_as(None, source="demo"):
        plans_demo.build(world)
    school = next(u for u in world.units if u.creation_field.name == "学校")
    kinds = sorted(Plan.objects.filter(place=school).values_list("kind", flat=True))
    assert kinds == ["annual", "multiyear", "topic", "topic"]
    programme = Plan.objects.get(place=school, kind="multiyear")
    assert programme.annual_plans.count() == 2 and programme.end_year == programme.year + 2
    annual = Plan.objects.get(place=school, kind="annual")
    assert annual.source.place == tree.county          # started from the county's plan, its area's
    assert Plan.objects.filter(place__kind="unit", kind="annual").count() == 5
