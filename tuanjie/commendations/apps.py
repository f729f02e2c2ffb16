from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "tuanjie.commendations"
    label = "commendations"
    verbose_name = _("评选表彰")
