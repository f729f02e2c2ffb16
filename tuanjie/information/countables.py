from django.utils.translation import gettext_lazy as _

from tuanjie.core.countables import Countable

_ACCEPTED_OR_LATER = ["accepted", "forwarded", "published"]

COUNTABLES = [
    Countable(key="information.submitted", label=_("报送信息"), model="information.InformationItem",
              date_field="submitted_at", filters={"submitted_at__isnull": False}),
    Countable(key="information.accepted", label=_("被采用信息"), model="information.InformationItem",
              date_field="accepted_at", filters={"status__in": _ACCEPTED_OR_LATER}),
    Countable(key="information.published", label=_("发布信息"), model="information.InformationItem",
              date_field="published_at", filters={"published_at__isnull": False}),
    # 补录: of the accepted items, those entered after the fact, counted in the period they were accepted in.
    Countable(key="information.late", label=_("补录信息"), model="information.InformationItem",
              date_field="accepted_at", filters={"status__in": _ACCEPTED_OR_LATER, "late_entry": True}),
]
