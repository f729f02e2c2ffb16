from django.utils.translation import gettext_lazy as _

from tuanjie.core.search import Searchable
from tuanjie.registers.models import Briefing, EducationBase

SEARCH = [
    Searchable("bases", _("教育基地"), EducationBase,
               lambda b: (b.name, f"{b.get_level_display()} · {b.named_by} · {b.named_year}年"),
               "registers:base_list", icon="bank", related=("place",)),
    Searchable("briefings", _("简报"), Briefing, lambda b: (str(b), f"{b.place} · {b.issued_on:%Y-%m-%d}"),
               "registers:briefing_list", icon="newspaper", related=("place",)),
]
