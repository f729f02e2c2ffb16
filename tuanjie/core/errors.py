"""What a person sees when a request fails: a Chinese page (JSON for the API) that says whether their action was
saved. A database outage is 503 ("try again shortly"), anything else 500.

The page is rendered without a request context (no session, no user, no menu), so it renders while the database
is down. Whether anything was saved is not guessed: `WriteTrackingMiddleware` notes every write of an unsafe
request that reached the database for good (outside a transaction, or when its transaction committed)."""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
WRITES = ("INSERT", "UPDATE", "DELETE")
# The session row is bookkeeping, not the person's action.
NOT_THE_ACTION = ('"django_session"',)

NOT_CHANGED = "本次访问没有更改任何数据。"
NOT_SAVED = "您的操作没有保存，请稍后重试。"
MAYBE_SAVED = "您的操作可能已经保存：请稍后刷新页面查看结果，确认没有保存再重试，以免重复提交。"


class WriteTrackingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.writes_committed = False
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with connection.execute_wrapper(_WriteTracker(request)):
            return self.get_response(request)


class _WriteTracker:
    def __init__(self, request):
        self.request = request
        self.at = -1     # where our on-commit callback sits in the connection's list (checked, not trusted)

    def committed(self) -> None:
        self.request.writes_committed = True

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip()[:6].upper() in WRITES and not any(table in sql for table in NOT_THE_ACTION):
            conn = context["connection"]
            if not conn.in_atomic_block:
                self.committed()
            else:
                callbacks = conn.run_on_commit
                # A rolled-back savepoint drops (and shifts) callbacks: register again unless ours is still there.
                if not (0 <= self.at < len(callbacks) and callbacks[self.at][1] == self.committed):
                    conn.on_commit(self.committed)
                    self.at = len(conn.run_on_commit) - 1
        return result


def is_outage(exc: BaseException | None) -> bool:
    """Connection lost, server down, SQLite still locked after its timeout: the same request works later."""
    return isinstance(exc, OperationalError | InterfaceError)


def outcome(request) -> tuple[str, bool | None]:
    """The sentence about the person's action and whether it was saved (None: nothing was asked to be saved)."""
    if request.method in SAFE_METHODS:
        return NOT_CHANGED, None
    if getattr(request, "writes_committed", False):
        return MAYBE_SAVED, None
    return NOT_SAVED, False


def server_error(request, *args, **kwargs):
    """handler500: Django calls it inside the `except` that caught the error, so sys.exc_info() names it."""
    exc = sys.exc_info()[1]
    outage = is_outage(exc)
    status = 503 if outage else 500
    title = "数据库暂时无法访问" if outage else "系统出错了"
    advice = ("数据库恢复后网站会自动恢复，无需任何操作；请过一两分钟再试。" if outage
              else "错误已记录，管理员会尽快处理。如果反复出现，请联系管理员并告知请求编号。")
    said, saved = outcome(request)
    request_id = getattr(request, "request_id", "")
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": f"{title}。{said}", "saved": saved, "request_id": request_id},
                                status=status, json_dumps_params={"ensure_ascii": False})
    else:
        html = loader.get_template("errors/error.html").render(
            {"title": title, "outcome": said, "advice": advice, "request_id": request_id})
        response = HttpResponse(html, status=status)
    if outage:
        response["Retry-After"] = "30"
    return response


# ---- 403, 404 and a refused form (CSRF): the person is signed in and the database is up, so these pages keep
# the menu (errors/page.html extends base.html) and say what to do next.

def _chinese(message) -> str:
    """The exception's message when it is one of ours (Chinese), else "": Django's own are English."""
    text = str(message or "")
    return text if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ""


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def error_page(request, status: int, title: str, lead: str, advice: str, **json_extra):
    """The page, or for the API and a page's form sent by script (Accept: application/json) the JSON answer:
    `detail` as DRF writes it, and `ok`/`message` as the field-capture contract reads it."""
    if _wants_json(request):
        said = f"{title}。{lead}"
        return JsonResponse({"ok": False, "message": said, "detail": said, **json_extra}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    from django.shortcuts import render

    return render(request, "errors/page.html", {"title": title, "lead": lead, "advice": advice,
                                                "request_id": getattr(request, "request_id", "")}, status=status)


def page_not_found(request, exception=None):
    """handler404"""
    return error_page(request, 404, "页面不存在", _chinese(exception) or "没有找到这个页面，或者您无权查看。",
                 "请检查网址是否正确，或从菜单重新进入。")


def permission_denied(request, exception=None):
    """handler403: the refusal's own Chinese reason (e.g. the workflow engine's "只有…可以…") when there is one."""
    advice = "如需要这项权限，请联系本级创建办。"
    if request.method not in SAFE_METHODS:
        advice = "本次操作没有保存；如需办理，请联系有权办理的人员。"
    reason = _chinese(exception) or "您没有权限进行这项操作。"
    response = error_page(request, 403, "无权访问", reason, advice)
    response.security_reason = reason   # for the security event (core/security.py)
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page opened too long ago (or before signing in again)."""
    return error_page(request, 403, "页面已过期", "您提交的内容没有保存。",
                      "请返回上一页重新提交；如果仍然不行，请刷新页面后再填写。", csrf=True)
