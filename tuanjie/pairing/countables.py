"""Countable pairing records, credited to the unit running the programme. They count records, never name
households (the Countable API returns numbers per place)."""

from django.utils.translation import gettext_lazy as _

from tuanjie.core.countables import Countable

COUNTABLES = [
    Countable("pairing.contact", _("结对联系"), "pairing.Contact", "date", place_field="unit", unit="次",
              person_field="pair__cadre"),
    Countable("pairing.visit", _("入户走访"), "pairing.Contact", "date", place_field="unit",
              filters={"form": "visit"}, unit="户次", person_field="pair__cadre"),
    Countable("pairing.need_raised", _("群众诉求（提出）"), "pairing.Need", "raised_on", place_field="unit", unit="件"),
    Countable("pairing.need_solved", _("群众诉求（解决）"), "pairing.Need", "resolved_on", place_field="unit",
              filters={"state": "solved"}, unit="件"),
    Countable("pairing.group_summary", _("分组月度小结"), "pairing.GroupSummary", "submitted_on", place_field="unit",
              unit="份"),
]
