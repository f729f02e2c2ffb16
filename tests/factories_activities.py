from datetime import date

from tests.factories import factory


@factory("activities.Activity")
def make_activity(place, tree):
    from tuanjie.activities.services import activity_create

    return activity_create(by=None, place=place, start_date=date(2026, 5, 12), title=f"{place.name}主题宣讲",
                           kind="lecture", participants=50)
