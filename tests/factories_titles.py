"""Factories of the titles app for the generated access battery (records made directly at any place)."""

from datetime import date

from tests.factories import factory


def _level():
    from tuanjie.titles.defaults import ensure
    from tuanjie.titles.models import TitleLevel

    ensure()
    return TitleLevel.objects.get(name="省级")


def level_for(place, unit_level: str = "省级"):
    """A title level that fits `place`: the units' `unit_level`, or for an area a level of its own rank (示范村 for
    a village…) reviewed and named by the office one level above it (levels are configuration, DOMAIN.md)."""
    from tuanjie.places.models import PlaceLevel
    from tuanjie.titles.defaults import ensure
    from tuanjie.titles.models import TitleLevel, TitleStep

    ensure()
    if not place.is_area:
        return TitleLevel.objects.get(name=unit_level)
    above = PlaceLevel.objects.filter(rank__lt=place.level.rank).order_by("-rank").first() or place.level
    level, created = TitleLevel.objects.get_or_create(name=f"示范{place.level.name}（测试）", defaults={
        "order": 90 + place.level.rank, "title_name": f"民族团结进步示范{place.level.name}",
        "subject_level": place.level, "reinspector_level": above})
    if created:
        TitleStep.objects.create(title_level=level, order=10, name="初审", kind="review", office_level=above)
        TitleStep.objects.create(title_level=level, order=20, name="命名授牌", kind="name", office_level=above)
    return level


@factory("titles.TitleApplication")
def make_application(place, tree):
    from tuanjie.titles.models import TitleApplication

    return TitleApplication.objects.create(place=place, title_level=level_for(place), year=2026, deeds="创建事迹")


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


@factory("titles.TitleCall")
def make_call(place, tree):
    from tuanjie.titles.models import CallWindow, TitleCall

    # one call per place, level and year: a test that makes a call and a window at one place shares it
    call, made = TitleCall.objects.get_or_create(place=place, title_level=_level(), year=2026,
                                                 defaults={"name": "2026年申报通知"})
    if made:
        CallWindow.objects.create(call=call, step=None, opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31))
    return call


@factory("titles.CallWindow")
def make_window(place, tree):
    return make_call(place, tree).windows.first()
