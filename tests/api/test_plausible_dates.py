"""Dates are held to the plausible range (core/dates.py: not before 1980-01-01; not after today for what has
happened, not after 2100-12-31 for what is planned), on the API, the pages' forms and the services alike, with a
Chinese message that names the date and the bound."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tuanjie.core import dates


def test_the_floor_and_the_ceiling_are_the_documented_ones():
    assert dates.FLOOR == date(1980, 1, 1) and dates.CEILING == date(2100, 12, 31)
    assert (dates.YEARS.start, dates.YEARS.stop - 1) == (1980, 2100)


@pytest.mark.parametrize("day", [date(465, 3, 1), date(1979, 12, 31), date(4201, 1, 1)])
def test_a_day_outside_the_range_is_refused_with_the_day_and_the_bound(day):
    with pytest.raises(ValidationError) as refused:
        dates.planned(day)
    assert refused.value.code == "implausible_date"
    assert f"{day.year}年" in refused.value.messages[0]


def test_what_has_happened_cannot_be_dated_tomorrow_but_a_plan_can():
    from django.utils import timezone

    tomorrow = timezone.localdate().toordinal() + 1
    with pytest.raises(ValidationError, match="晚于今天"):
        dates.happened(date.fromordinal(tomorrow))
    dates.planned(date.fromordinal(tomorrow))
    dates.happened(date(1980, 1, 1))


@pytest.mark.parametrize("day", ["0465-03-01", "4201-01-01"])
def test_the_api_refuses_an_activity_dated_in_year_465_or_4201_with_422(client_for, tree, unit_staff, day):
    response = client_for(unit_staff).post("/api/activities/", {
        "place": tree.u1.pk, "title": "民族团结主题班会", "kind": "education", "start_date": day},
        content_type="application/json")
    assert response.status_code == 422
    assert "start_date" in response.json()


@pytest.mark.parametrize("day", ["0465-03-01", "4201-01-01"])
def test_the_api_refuses_spending_dated_in_year_465_or_4201(client_for, tree, unit_staff, day):
    response = client_for(unit_staff).post("/api/fund-expenditures/", {
        "place": tree.u1.pk, "spent_on": day, "amount": "100.00", "source": "self", "purpose": "购买宣传册"},
        content_type="application/json")
    assert response.status_code == 422 and "spent_on" in response.json()


@pytest.mark.parametrize("day", ["0465-03-01", "4201-01-01"])
def test_the_api_refuses_a_leading_group_set_up_in_year_465_or_4201(client_for, tree, unit_staff, day):
    response = client_for(unit_staff).post("/api/leading-groups/", {
        "place": tree.u1.pk, "name": "创建工作领导小组", "established_on": day}, content_type="application/json")
    assert response.status_code == 422 and "established_on" in response.json()


def test_the_services_refuse_the_same_dates_for_callers_that_bypass_the_forms(tree, unit_staff):
    from tuanjie.funds.services import expenditure_create
    from tuanjie.leadership.services import leading_group_create

    with pytest.raises(ValidationError, match="早于1980年1月1日"):
        expenditure_create(by=unit_staff, place=tree.u1, spent_on=date(465, 3, 1), amount=Decimal("1"),
                           source="self", purpose="x")
    with pytest.raises(ValidationError, match="晚于今天"):
        leading_group_create(place=tree.u1, name="领导小组", established_on=date(4201, 1, 1))


def test_the_activity_page_form_refuses_a_date_in_year_465(client_for, tree, unit_staff):
    from tuanjie.activities.forms import ActivityForm

    form = ActivityForm(data={"place": tree.u1.pk, "title": "x", "kind": "education", "start_date": "0465-03-01"},
                        user=unit_staff)
    assert not form.is_valid() and "早于1980年1月1日" in str(form.errors["start_date"])


def test_a_plan_year_outside_the_range_is_400_as_the_schema_says(client_for, tree, county_office):
    response = client_for(county_office).post("/api/plans/", {"place": tree.county.pk, "year": 4201, "title": "方案"},
                                              content_type="application/json")
    assert response.status_code == 400 and "year" in response.json()
    schema = client_for(county_office).get("/api/schema/?format=json").json()
    year = schema["components"]["schemas"]["Plan"]["properties"]["year"]
    assert (year["minimum"], year["maximum"]) == (1980, 2100)
