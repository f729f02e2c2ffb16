from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tuanjie.core"
    label = "core"
    verbose_name = _("平台基础")

    def ready(self) -> None:
        from tuanjie.core import changelog, deploy, security, sessions  # noqa: F401  (deploy registers its check)

        changelog.connect()
        sessions.connect()
        security.connect()
