import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tuanjie.core.context import acting_as

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

# Paths anyone may open without signing in: the public pages, sign-in itself, static files and health; the
# installable app's service worker, manifest, icons and offline page (core/pwa.py) hold nothing personal, and a
# worker whose script were redirected to sign-in could not update.
PUBLIC_PREFIXES = ("/login/", "/public/", "/static/", "/media/public/", "/healthz", "/api/", "/sw.js", "/app/")


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
        # The API answers 401 itself, but its Swagger page is a page: a browser is sent to sign in first.
        if not request.user.is_authenticated and (not request.path.startswith(PUBLIC_PREFIXES)
                                                  or request.path.startswith("/api/docs/")):
            if request.method == "POST":
                return self._expired_post(request)
            return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
        return self.get_response(request)

    @staticmethod
    def _expired_post(request):
        """A form sent after the session ended. What was typed is in the browser's draft (static/tuanjie/drafts.js):
        sign-in must lead back to the page that holds the form, which is where the post came from (a form may post
        to an action-only address such as a need's transition)."""
        referer = request.headers.get("Referer", "")
        here = urlsplit(referer)
        if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                       require_https=request.is_secure()):
            form_page = here.path + (f"?{here.query}" if here.query else "")
        else:
            form_page = request.get_full_path()
        to_login = redirect_to_login(form_page, resolve_url(settings.LOGIN_URL))
        if "application/json" in request.headers.get("Accept", ""):
            # A script's post (the idle warning's keep-alive, the offline queue's sync): it says so itself.
            return JsonResponse({"ok": False, "message": "登录已过期，请重新登录后再同步", "login": to_login["Location"]},
                                status=401, json_dumps_params={"ensure_ascii": False})
        messages.info(request, _("登录已超时，刚才的内容尚未提交。您填写的内容已保存在本机，重新登录后将回到原页面并自动恢复。"))
        if getattr(request, "htmx", False):
            # htmx would follow a redirect and put the sign-in page inside the part of the page it updates.
            answer = HttpResponse(status=200)
            answer["HX-Redirect"] = to_login["Location"]
            return answer
        return to_login


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class NulCharacterMiddleware:
    """Refuses (422) a request whose parameters or JSON body hold the NUL character (U+0000). No one types it;
    PostgreSQL cannot store it in text nor compare text with it, so it would reach the database as a server error
    wherever a value is looked up or saved (a filter, a name looked up, a text saved). One check here instead of
    one per field; SQLite would store it, and a backup restored into PostgreSQL would then fail. 422, not 400: the
    request is well formed, and what refuses it is a rule of the platform's (core/api.py, core/schema.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._holds_nul(request):
            from tuanjie.core.errors import error_page

            return error_page(request, 422, _("请求含有空字符"),
                              _("参数或内容中有不可见的空字符（\\0），系统不能保存或查找这样的文字。"),
                              _("请删除后重试；从别处复制的文字请先粘贴到记事本中再复制。"))
        return self.get_response(request)

    @staticmethod
    def _holds_nul(request) -> bool:
        if "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
            import json

            try:
                return _holds_nul(json.loads(request.body or b"null"))
            except ValueError:
                return False        # not JSON: the parser answers 400 for it
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            return any(_holds_nul(v) for values in request.POST.lists() for v in values[1])
        return False
