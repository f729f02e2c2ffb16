from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tuanjie.places"
    label = "places"
    verbose_name = _("地区与创建单位")
