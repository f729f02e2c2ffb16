from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "tuanjie.registers"
    label = "registers"
    verbose_name = _("台账名册")
