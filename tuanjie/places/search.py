from django.utils.translation import gettext_lazy as _

from tuanjie.core.search import Searchable
from tuanjie.places.models import Place


def _show(place):
    return place.name, " · ".join(filter(None, [place.type_label, getattr(place, "parent_name", "")]))


SEARCH = [
    Searchable("units", _("创建单位"), Place, _show, "places:unit_list", "building",
               related=("level", "creation_field"), narrow=lambda qs: qs.units().with_parent()),
    Searchable("places", _("地区"), Place, _show, "places:place_list", "geo-alt",
               related=("level", "creation_field"), narrow=lambda qs: qs.areas().with_parent()),
]
