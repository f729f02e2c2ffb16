from tuanjie.activities.models import ActivityKind
from tuanjie.core.countables import Countable

COUNTABLES = [Countable("activity", "活动（全部类型）", "activities.Activity", "start_date", unit="次")] + [
    Countable(f"activity.{code}", str(label), "activities.Activity", "start_date", filters={"kind": code}, unit="次")
    for code, label in ActivityKind.choices
]
