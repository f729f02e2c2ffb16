from django.utils.translation import gettext_lazy as _

from tuanjie.activities.models import Activity
from tuanjie.core.search import Searchable

SEARCH = [
    Searchable("activities", _("活动"), Activity, lambda a: (a.title, f"{a.place} · {a.date_text}"),
               "activities:activity_list", "calendar-check", related=("place",)),
]
