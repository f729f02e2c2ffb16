from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "tuanjie.archives"
    label = "archives"
    verbose_name = _("年度档案")

    def ready(self):
        from tuanjie.archives import closing

        closing.connect()
