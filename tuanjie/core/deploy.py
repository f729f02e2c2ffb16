"""What a production server refuses to start without. The development key signs the demo and the tests; a server
with DEBUG off that still holds it would let anyone who has read the source forge sessions and password resets."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_MESSAGE = (
    "拒绝启动：正在使用开发用的 SECRET_KEY，而 DEBUG 已关闭。请设置环境变量 TUANJIE_SECRET_KEY 为至少 50 个随机字符"
    "（例如 python -c \"import secrets; print(secrets.token_urlsafe(50))\" 的输出）；仅在本机演示时可设置 TUANJIE_DEMO=1。"
    " / Refusing to start: the development SECRET_KEY is in use with DEBUG off. Set TUANJIE_SECRET_KEY "
    "(or TUANJIE_DEMO=1 on a local demo)."
)


def development_key_in_production() -> bool:
    return (not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY
            and not settings.TUANJIE_DEMO)


def refuse_development_key() -> None:
    """Called where a server starts (wsgi.py, `tuanjie serve`): stop with the message instead of serving."""
    if development_key_in_production():
        raise ImproperlyConfigured(DEVELOPMENT_KEY_MESSAGE)


@register("security", deploy=True)
def development_key_check(app_configs, **kwargs):
    """The same refusal in `tuanjie check --deploy` (management commands such as migrate still run: they serve
    nobody, and `makemigrations --check` runs in the lint)."""
    if development_key_in_production():
        return [Error(DEVELOPMENT_KEY_MESSAGE, id="tuanjie.E001")]
    return []
