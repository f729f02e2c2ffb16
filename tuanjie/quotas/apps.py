from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotasConfig(AppConfig):
    name = "tuanjie.quotas"
    label = "quotas"
    verbose_name = _("规定动作")
