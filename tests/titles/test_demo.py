"""The demo year shows areas as title subjects (issue 16, "Done when"): built through the services."""

import pytest
from django.core.exceptions import ValidationError

from tuanjie.core.context import acting_as


@pytest.fixture
def world(db):
    from tuanjie.demo.foundation import build_foundation
    from tuanjie.funds import demo as funds_demo
    from tuanjie.titles import demo

    with acting_as(None, source="demo"):
        world = build_foundation(2026)
        funds_demo.build(world)
        demo.build(world)
    return world


def test_the_demo_has_an_area_holding_a_title_and_the_county_applying(world, client):
    from tuanjie.titles.models import DemonstrationTitle, TitleApplication

    held = {(t.place.name, t.title_level.name, t.status) for t in DemonstrationTitle.objects.filter(
        place__kind="area")}
    assert held == {("友谊县", "省级示范县", "active"), (world.townships[0].name, "市级示范乡镇", "rectifying"),
                    (world.villages[0].name, "县级示范村", "active")}
    county = TitleApplication.objects.get(place=world.county)
    assert (county.title_level.name, county.status) == ("省级示范县", "draft")
    page = client.get("/public/titles/").content.decode()
    assert "友谊县" in page and "同政发〔2023〕31号" in page


def test_on_the_demo_the_county_declares_inside_the_provinces_window_and_the_late_village_is_refused(world):
    from tuanjie.people.models import User
    from tuanjie.titles.models import TitleApplication
    from tuanjie.titles.services import application_submit

    county = TitleApplication.objects.get(place=world.county)
    assert application_submit(by=world.people["xianban"], application=county).current_step.name == "审核推荐"
    late = TitleApplication.objects.get(place__name=world.villages[20].name)
    with pytest.raises(ValidationError, match="“申报”的办理时间为.*已经截止"):
        application_submit(by=User.objects.get(username="cunban"), application=late)


def test_on_the_demo_the_failed_reinspection_reached_the_township_and_the_county(world):
    from tuanjie.notifications.models import Notification

    for login in ("xiangban", "xianban"):
        assert Notification.objects.filter(recipient=world.people[login],
                                           title__startswith="复检不合格，限期整改至2027年4月30日").exists()
