"""Records of the assessments app for the generated access battery."""

from decimal import Decimal

from tests.factories import factory


def _system(place, tree):
    from tuanjie.assessments.models import IndicatorSystem
    from tuanjie.assessments.services import IndicatorSpec, indicator_add

    system = IndicatorSystem.objects.create(place=place, year=2026, name=f"{place.name}测评指标",
                                            version=IndicatorSystem.objects.filter(place=place).count() + 1)
    indicator_add(system=system, spec=IndicatorSpec(names=("组织领导", "成立领导小组"), points=Decimal("10")))
    return system


def _entry(place, tree):
    from tuanjie.assessments.models import Campaign, Entry, Line

    system = _system(place, tree)
    campaign = Campaign.objects.create(place=place, name=f"{place.name}考核", year=2026, system=system)
    entry = Entry.objects.create(campaign=campaign, subject=place)
    Line.objects.create(entry=entry, indicator=system.indicators.get(level=2))
    return entry


@factory("assessments.IndicatorSystem")
def make_system(place, tree):
    return _system(place, tree)


@factory("assessments.Indicator")
def make_indicator(place, tree):
    return _system(place, tree).indicators.first()


@factory("assessments.Campaign")
def make_campaign(place, tree):
    return _entry(place, tree).campaign


@factory("assessments.Entry")
def make_entry(place, tree):
    return _entry(place, tree)


@factory("assessments.Line")
def make_line(place, tree):
    return _entry(place, tree).lines.first()


@factory("assessments.ReviewScore")
def make_review(place, tree):
    from tuanjie.assessments.models import ReviewScore
    from tuanjie.core.roles import Role

    line = _entry(place, tree).lines.first()
    reviewer = tree.person(Role.INSPECTOR, place, f"reviewer-{place.code}")
    return ReviewScore.objects.create(line=line, reviewer=reviewer, score=Decimal("8"))


@factory("assessments.Adoption")
def make_adoption(place, tree):
    from django.utils import timezone

    from tuanjie.assessments.models import Adoption

    return Adoption.objects.create(place=place, system=_system(place, tree), adopted_on=timezone.localdate())
