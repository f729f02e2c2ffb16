"""Passwords older than TUANJIE_PASSWORD_MAX_AGE_DAYS (0: never) must be changed before anything else."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

# The password page itself, signing out, the second factor (which comes first) and what needs no sign-in.
_OPEN_PREFIXES = ("/password/", "/logout/", "/login/", "/2fa/", "/static/", "/healthz", "/sw.js", "/app/",
                  "/public/", "/media/public/")


def password_expired(user) -> bool:
    days = settings.TUANJIE_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not getattr(user, "is_authenticated", False) or not user.has_usable_password():
        return False
    return user.password_changed < timezone.now() - timedelta(days=days)


class PasswordExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(_OPEN_PREFIXES) and password_expired(request.user):
            if request.path.startswith("/api/") and request.session.session_key:
                return JsonResponse({"detail": "密码已过期，请先在网页上修改密码"}, status=403,
                                    json_dumps_params={"ensure_ascii": False})
            if not request.path.startswith("/api/"):
                messages.warning(request, _("您的密码已使用超过%(d)d天，请先修改密码") %
                                 {"d": settings.TUANJIE_PASSWORD_MAX_AGE_DAYS})
                return redirect("password_change")
        return self.get_response(request)
