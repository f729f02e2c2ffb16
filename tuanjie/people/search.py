from django.utils.translation import gettext_lazy as _

from tuanjie.core.search import Searchable
from tuanjie.people.models import User

SEARCH = [
    Searchable("people", _("人员"), User,
               lambda u: (u.full_name or u.username, " · ".join(filter(None, [str(u.home_place or ""), u.title]))),
               "people:user_list", "person", related=("home_place",)),
]
