from datetime import date

import pytest

from tuanjie.core.context import acting_as


@pytest.fixture
def record(tree):
    """record(place, day): one countable record ("plan.progress": a progress report) dated `day` at `place`."""
    from tuanjie.plans.models import Plan, PlanTask, TaskProgress

    with acting_as(None, source="test"):
        plan = Plan.objects.create(place=tree.county, year=2026, title="团结县2026年实施方案")
        task = PlanTask.objects.create(plan=plan, title="宣讲", lead_unit=tree.county)

    def make(place, day: date, n: int = 1):
        with acting_as(None, source="test"):
            for _ in range(n):
                TaskProgress.objects.create(task=task, place=place, reported_on=day, status="in_progress",
                                            percent=10, text="进展")

    return make


@pytest.fixture
def rule(tree, county_office):
    """The county office's rule: every unit of the school and agency fields reports ≥ 2 a month in 2026."""
    from tuanjie.places.models import CreationField
    from tuanjie.quotas.services import quota_rule_create

    with acting_as(county_office, source="test"):
        return quota_rule_create(
            by=county_office, place=tree.county, name="每月报送进展不少于2次", year=2026, countable="plan.progress",
            minimum=2, period="month", creation_fields=list(CreationField.objects.filter(name__in=["学校", "机关"])))
