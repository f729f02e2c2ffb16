from datetime import date

from tests.factories import factory


@factory("activities.Activity")
def make_activity(place, tree):
    from tuanjie.activities.services import activity_create

    return activity_create(by=None, place=place, start_date=date(2026, 5, 12), title=f"{place.name}主题宣讲",
                           kind="lecture", participants=50)


@factory("activities.KindDefinition")
def make_kind(place, tree):
    from tuanjie.activities.models import KindDefinition

    return KindDefinition.objects.create(place=place, code=f"k{place.pk}battery", label=f"{place.name}主题党日")
