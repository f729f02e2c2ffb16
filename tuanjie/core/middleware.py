import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url

from tuanjie.core.context import acting_as

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# Paths anyone may open without signing in: the public pages, sign-in itself, static files and health.
PUBLIC_PREFIXES = ("/login/", "/public/", "/static/", "/media/public/", "/healthz", "/api/")


class RequestContextMiddleware:
    """Marks everything a request changes with its user and request id (kept from X-Request-ID if sent)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else None
        source = "api" if request.path.startswith("/api/") else "web"
        with acting_as(request.user, source=source, request_id=request_id) as actor:
            request.request_id = actor.request_id
            response = self.get_response(request)
        response["X-Request-ID"] = actor.request_id
        return response


class LoginRequiredMiddleware:
    """Everything but the public pages needs a signed-in person (the API answers 401/403 itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
        return self.get_response(request)
