from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationConfig(AppConfig):
    name = "tuanjie.information"
    label = "information"
    verbose_name = _("信息报送")
