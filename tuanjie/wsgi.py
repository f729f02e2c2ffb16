import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuanjie.settings")
application = get_wsgi_application()

from tuanjie.core.deploy import refuse_development_key  # noqa: E402  (needs the settings loaded above)

refuse_development_key()
