"""Idle sessions end without a database write on every page view.

With SESSION_SAVE_EVERY_REQUEST each view rewrote its session row, so on SQLite every page view waited for the
write lock, and a long import's lock turned plain page views into errors. Here the session is written when it
changed or when its last refresh is older than REFRESH_SECONDS; each write pushes the expiry SESSION_COOKIE_AGE
ahead. A session therefore ends between SESSION_COOKIE_AGE - REFRESH_SECONDS and SESSION_COOKIE_AGE after the
last request: never later than the configured idle time, at most a minute earlier."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.http import JsonResponse
from django.views.decorators.http import require_POST

REFRESHED = "_tj_refreshed"


def refresh_seconds() -> int:
    return max(1, min(60, settings.SESSION_COOKIE_AGE // 10))


def seconds_left(session) -> int:
    """How long the session lives after the response now being made, if nothing else is requested: the middleware
    refreshes it on the way out when its last refresh is REFRESH_SECONDS old, else it ends where that refresh put
    it. The page's idle warning (static/tuanjie/session.js) counts down from this."""
    now = int(time.time())
    refreshed = session.get(REFRESHED, 0)
    if session.modified or now - refreshed >= refresh_seconds():
        return settings.SESSION_COOKIE_AGE
    return max(0, refreshed + settings.SESSION_COOKIE_AGE - now)


def session_context(request) -> dict:
    """Template context: the idle warning needs the time left (signed-in pages only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"session_seconds_left": seconds_left(request.session), "session_idle_seconds": settings.SESSION_COOKIE_AGE}


@require_POST
def keep_alive(request):
    """继续使用: the idle warning's button. Writing the session moves its expiry a full idle time ahead."""
    request.session[REFRESHED] = int(time.time())
    return JsonResponse({"seconds_left": settings.SESSION_COOKIE_AGE})


def _refreshed_at_sign_in(sender, request, user, **kwargs) -> None:
    # Sign-in writes the session anyway; noting it here saves the first page view after it a second write.
    request.session[REFRESHED] = int(time.time())


def connect() -> None:
    user_logged_in.connect(_refreshed_at_sign_in, dispatch_uid="tuanjie-session-refreshed")


class IdleSessionMiddleware:
    """Listed after SessionMiddleware, so its session change is saved by SessionMiddleware on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An error answer must not touch the database (it may be the database that failed).
        if session is None or response.status_code >= 500 or not session.session_key:
            return response
        now = int(time.time())
        if session.modified or now - session.get(REFRESHED, 0) >= refresh_seconds():
            session[REFRESHED] = now
        return response
