from django.utils.translation import gettext_lazy as _

from tuanjie.core.search import Searchable
from tuanjie.information.models import InformationItem

SEARCH = [
    Searchable("information", _("信息"), InformationItem,
               lambda i: (i.title, f"{i.place} · {i.get_status_display()}"),
               "information:item_list", "newspaper", related=("place",)),
]
