"""Factories of the titles app for the generated access battery (records made directly at any place)."""

from datetime import date

from tests.factories import factory


def _level():
    from tuanjie.titles.defaults import ensure
    from tuanjie.titles.models import TitleLevel

    ensure()
    return TitleLevel.objects.get(name="省级")


@factory("titles.TitleApplication")
def make_application(place, tree):
    from tuanjie.titles.models import TitleApplication

    return TitleApplication.objects.create(place=place, title_level=_level(), year=2026, deeds="创建事迹")


@factory("titles.ApplicationEvent")
def make_event(place, tree):
    from tuanjie.titles.models import ApplicationEvent

    return ApplicationEvent.objects.create(application=make_application(place, tree), action="create",
                                           action_label="创建申报", from_status="", to_status="draft")


@factory("titles.TitleQuota")
def make_quota(place, tree):
    from tuanjie.titles.models import TitleQuota

    return TitleQuota.objects.create(place=place, title_level=_level(), year=2026, limit=3)


@factory("titles.DemonstrationTitle")
def make_title(place, tree):
    from tuanjie.titles.models import DemonstrationTitle

    return DemonstrationTitle.objects.create(
        place=place, title_level=_level(), title_name="民族团结进步创建示范单位", named_by=tree.province,
        named_on=date(2025, 12, 1), valid_until=date(2030, 12, 1), next_inspection_due=date(2028, 12, 1))


@factory("titles.ReInspection")
def make_reinspection(place, tree):
    from tuanjie.titles.models import ReInspection

    return ReInspection.objects.create(title=make_title(place, tree), inspected_on=date(2026, 6, 1),
                                       result="passed", title_status_after="active", office=tree.province)
