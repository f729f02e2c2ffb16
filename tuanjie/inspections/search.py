from django.utils.translation import gettext_lazy as _

from tuanjie.core.dates import day_text
from tuanjie.core.search import Searchable
from tuanjie.inspections.models import Rectification

SEARCH = [
    Searchable("rectifications", _("整改事项"), Rectification,
               lambda r: (r.requirement[:60], f"{r.unit} · {r.get_state_display()} · 时限{day_text(r.deadline)}"),
               "inspections:rectification_list", "tools", related=("unit",)),
]
