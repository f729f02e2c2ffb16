"""The security event log: one function writes it (`security_event_record`), fed by the sign-in signals (Django's
and django-axes's), the second-factor pages, the token pages, and the middleware below, which turns every refusal
(401, 403) and every spreadsheet download into an event with the person, their place, the URL and the request id.
Household reads have their own log beside it (pairing.HouseholdReadLog, one row per household read), which adds a
bulk-read event here when one request reads many households."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils import timezone

from tuanjie.core.context import current_actor
from tuanjie.core.models import SecurityEvent

Kind = SecurityEvent.Kind

_SPREADSHEET_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml", "application/vnd.ms-excel",
                      "text/csv")


def _client_ip(request) -> str | None:
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def security_event_record(*, kind: str, request=None, user=None, username: str = "", status: int | None = None,
                          detail: str = "") -> SecurityEvent:
    """Write one event. `user` defaults to the request's signed-in person; the event belongs to their home place
    (to the named account's, for a failed sign-in of an existing login name)."""
    # DRF's Request authenticates when its .user is read, and a failed authentication is what calls us.
    request = getattr(request, "_request", request)
    if user is None and request is not None and getattr(request, "user", None) is not None \
            and request.user.is_authenticated:
        user = request.user
    if user is None and username:
        from django.contrib.auth import get_user_model

        user_model = get_user_model()
        known = user_model._default_manager.filter(username=username).select_related("home_place").first()
        place = known.home_place if known else None
        user_id = known.pk if known else None
    else:
        place = getattr(user, "home_place", None) if user is not None else None
        user_id = user.pk if user is not None else None
        username = username or (user.get_username() if user is not None else "")
    request_id = getattr(request, "request_id", "") if request is not None else ""
    return SecurityEvent.objects.create(
        kind=kind, user_id=user_id, username=username[:150], place_path=place.path if place else "",
        place_name=(place.name if place else "")[:100],
        method=(request.method or "")[:10] if request is not None else "",
        url=request.get_full_path()[:500] if request is not None else "",
        status=status, request_id=request_id or current_actor().request_id, ip=_client_ip(request),
        detail=detail[:300])


def security_events_prune(*, now=None) -> int:
    """Remove events older than TUANJIE_SECURITY_LOG_DAYS (at least six months); `tuanjie purge` runs it. The
    household read log follows the same retention."""
    from tuanjie.pairing.models import HouseholdReadLog

    cutoff = (now or timezone.now()) - timedelta(days=settings.TUANJIE_SECURITY_LOG_DAYS)
    removed, _detail = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    reads, _detail = HouseholdReadLog.objects.filter(at__lt=cutoff).delete()
    return removed + reads


class SecurityEventMiddleware:
    """Refusals and spreadsheet downloads, seen on the way out, so no view can forget them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status == 401:
            security_event_record(kind=Kind.UNAUTHENTICATED, request=request, status=status,
                                  username=_basic_username(request), detail=_reason(response))
        elif status == 403:
            security_event_record(kind=Kind.DENIED, request=request, status=status, detail=_reason(response))
        elif status == 200 and "attachment" in response.get("Content-Disposition", "") \
                and response.get("Content-Type", "").startswith(_SPREADSHEET_TYPES):
            security_event_record(kind=Kind.EXPORT, request=request, status=status,
                                  detail=response.get("Content-Disposition", "")[:300])
        return response


def _reason(response) -> str:
    """The refusal's own words where the response carries them (DRF's detail, the 403 page's reason)."""
    data = getattr(response, "data", None)
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    if response.get("Content-Type", "").startswith("application/json") and not getattr(response, "streaming", False):
        import json

        try:
            body = json.loads(response.content)
        except ValueError:      # labelled JSON but not JSON: it gives no reason
            return ""
        return str(body.get("detail", "")) if isinstance(body, dict) else ""   # a list of messages names none
    return str(getattr(response, "security_reason", ""))


def _basic_username(request) -> str:
    import base64
    import binascii

    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return ""
    try:
        return base64.b64decode(header[6:].strip()).decode("utf-8", "replace").partition(":")[0][:150]
    except (binascii.Error, ValueError):
        return ""


# --- sign-in signals -----------------------------------------------------------------------------------------

def _logged_in(sender, request, user, **kwargs):
    if request is not None and getattr(request, "path", ""):   # the test client's force_login has no request path
        security_event_record(kind=Kind.LOGIN, request=request, user=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None and request is not None:
        security_event_record(kind=Kind.LOGOUT, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    security_event_record(kind=Kind.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


def _locked_out(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=Kind.LOCKOUT, request=request, username=username or "",
                          detail=f"连续失败 {settings.AXES_FAILURE_LIMIT} 次")


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(_logged_in, dispatch_uid="tuanjie_security_login")
    user_logged_out.connect(_logged_out, dispatch_uid="tuanjie_security_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="tuanjie_security_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="tuanjie_security_lockout")
