from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tuanjie.plans"
    label = "plans"
    verbose_name = _("年度实施方案")
