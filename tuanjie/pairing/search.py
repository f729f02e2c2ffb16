"""Households are found only by those who may open them (`HouseholdQuerySet.restrict`: the programme's office, the
paired cadre, the group leader), by name or address as typed. Deliberately no pinyin key: a household's name is
personal data kept only where helping needs it, and a second, derived copy would have to follow every erasure."""

from django.utils.translation import gettext_lazy as _

from tuanjie.core.search import Searchable
from tuanjie.pairing.models import Household
from tuanjie.pairing.selectors import households_read

SEARCH = [
    Searchable("households", _("结对户"), Household, lambda h: (h.name, f"{h.programme.place} · {h.address}"),
               "pairing:household_list", "house-heart", related=("programme__place",),
               on_read=lambda user, found: households_read(user, found, channel="search")),
]
