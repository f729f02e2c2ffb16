from django.utils.translation import gettext_lazy as _

from tuanjie.agreements.models import Agreement
from tuanjie.core.search import Searchable

SEARCH = [
    Searchable("agreements", _("目标责任书"), Agreement,
               lambda a: (a.title, f"{a.place} · {a.year}年 · {a.get_status_display()}"),
               "agreements:agreement_list", icon="file-earmark-check", related=("place",)),
]
