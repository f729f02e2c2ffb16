from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "tuanjie.agreements"
    label = "agreements"
    verbose_name = _("目标责任书与五个纳入")
