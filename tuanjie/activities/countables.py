"""The activity ledger's countables: all activities, and one per kind (a family, so that a kind an office adds
is a countable the moment it exists: "activity.<code>")."""

from tuanjie.core.countables import Countable


def _info(code: str) -> tuple[str, str] | None:
    from tuanjie.activities.selectors import DEFAULT_LABELS, office_kind

    return (DEFAULT_LABELS[code], "") if code in DEFAULT_LABELS else office_kind(code)


def _choices(place) -> list[tuple[str, str]]:
    from tuanjie.activities.selectors import kinds_for

    return kinds_for(place)


COUNTABLES = [
    Countable("activity", "活动（全部类型）", "activities.Activity", "start_date", unit="次", split_by_field=True,
              person_field="attendees"),
    Countable("activity.*", "活动（按类型）", "activities.Activity", "start_date", unit="次", split_by_field=True,
              family="kind", member_info=_info, member_choices=_choices, person_field="attendees"),
]
