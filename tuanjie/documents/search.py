from django.utils.translation import gettext_lazy as _

from tuanjie.core.search import Searchable
from tuanjie.documents.models import GeneratedDocument

SEARCH = [
    Searchable("documents", _("文稿"), GeneratedDocument,
               lambda d: (str(d), f"{d.get_kind_display()} · {d.get_status_display()}"),
               "documents:generate", "file-earmark-word", related=("place",)),
]
