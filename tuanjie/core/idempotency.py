"""Exactly-once writes: the `Idempotency-Key` request header (IETF draft-ietf-httpapi-idempotency-key-header), or
the hidden `idempotency_key` field every page form carries (rendered with `{% csrf_token %}`, see
core/templatetags/idempotency.py).

A person's write request that carries a key is answered once: the key row is written in the same transaction as
the write, so a write that commits has its key and a write that rolls back (an error, a refusal, a cut-off request
that never finished) leaves none and the retry proceeds. Sent again with the same key and the same request, the
first answer is replayed (status, Location, body) with `Idempotent-Replayed: true` and nothing is written again;
the same key for a different request is 422; a duplicate arriving while the first is still in its transaction
waits on the unique index and then replays, or gets 409 if the first is not done within IDEMPOTENCY_WAIT_SECONDS
(PostgreSQL; SQLite serialises writers, so the duplicate simply waits for the write lock).

Only answers that wrote something are kept: an invalid form shown again, or a refused step that only redirects
with its message, leaves no key, so the corrected request may reuse it. An answer of 400 or more rolls back
everything the request did, so a keyed request is all or nothing even where a view would keep a partial write.

The fingerprint is over the parsed request (method, path, sorted fields without the CSRF token and the key, each
file's name, size and SHA-256; a JSON body as canonical JSON), never over raw multipart bytes: a re-sent FormData
has a new boundary."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import HttpResponse, QueryDict
from django.utils import timezone

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
REPLAYED = "Idempotent-Replayed"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
NOT_FINGERPRINTED = frozenset({"csrfmiddlewaretoken", FIELD})
KEPT_HEADERS = ("Location", "Content-Type", "ETag", "HX-Redirect")
WRITES = ("INSERT", "UPDATE", "DELETE")
LOCK_NOT_AVAILABLE = "55P03"

BAD_KEY = "幂等键（Idempotency-Key）格式不正确：请使用不超过255个字符的英文字母、数字或符号（例如UUID）。"
MISMATCH = "这个幂等键（Idempotency-Key）已用于另一份内容不同的提交。新的记录请使用新的键，不要重复使用。"
IN_PROGRESS = "同一份提交正在处理中，请稍候刷新查看结果，不要重复提交。"
REPLAYED_NOTE = "这份内容已经提交过，没有重复保存。"


class BadKey(ValueError):
    pass


def parse_key(raw: str) -> str:
    """The key from the header's value: an sf-string (`"…"`, RFC 8941) or, leniently, a bare token."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if not 1 <= len(value) <= 255 or not all(" " <= ch <= "~" for ch in value):
        raise BadKey(BAD_KEY)
    return value


def key_of(request) -> str | None:
    if HEADER in request.headers:
        return parse_key(request.headers[HEADER])
    if request.method == "POST" and _form_media(request):
        raw = request.POST.get(FIELD)
        return parse_key(raw) if raw else None
    return None


def _media(request) -> str:
    return request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()


def _form_media(request) -> bool:
    return _media(request) in ("multipart/form-data", "application/x-www-form-urlencoded")


def person_of(request):
    """Whose key it is. Pages know the person from the session; an API call signed with Basic credentials is
    authenticated by DRF inside the view, so it is asked here the same way (a failed sign-in is the view's to
    answer: the request then proceeds without a key)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    if not request.path.startswith("/api/"):
        return None
    from rest_framework import exceptions
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES
                      if not issubclass(cls, SessionAuthentication)]
    try:
        user = Request(request, authenticators=authenticators).user
    except exceptions.APIException:
        return None
    return user if user.is_authenticated else None


def _parsed_form(request):
    """The request's fields and files. Django parses POST bodies itself; a PUT or PATCH form is parsed here and
    left on the request where DRF looks for a body already read (rest_framework.request.Request._parse)."""
    if request.method == "POST":
        return request.POST, request.FILES
    if _media(request) == "multipart/form-data":
        request._post, request._files = request.parse_file_upload(request.META, request)
        return request._post, request._files
    return QueryDict(request.body, encoding=request.encoding), {}


def _file_digest(upload) -> tuple[str, int, str]:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return upload.name or "", upload.size or 0, digest.hexdigest()


def fingerprint(request) -> str:
    parts: dict = {"method": request.method, "path": request.path}
    if _form_media(request):
        data, files = _parsed_form(request)
        parts["fields"] = sorted((name, data.getlist(name)) for name in data if name not in NOT_FINGERPRINTED)
        parts["files"] = sorted((name, [_file_digest(f) for f in files.getlist(name)]) for name in files)
    else:
        body = request.body
        try:
            parts["json"] = json.loads(body) if body else None
        except ValueError:
            parts["body"] = hashlib.sha256(body).hexdigest()
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class _WriteSpy:
    """Whether the request wrote anything besides its key row and the session."""

    def __init__(self):
        from tuanjie.core.models import IdempotencyKey

        self.ignored = (f'"{IdempotencyKey._meta.db_table}"', '"django_session"')
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and sql.lstrip()[:6].upper() in WRITES and not any(t in sql for t in self.ignored):
            self.wrote = True
        return execute(sql, params, many, context)


class _Taken(Exception):
    """Another request with this key committed first."""


class _Busy(Exception):
    """Another request with this key is still in its transaction."""


def _claim(person, key: str, print_: str):
    from tuanjie.core.models import IdempotencyKey

    postgres = connection.vendor == "postgresql"
    try:
        with transaction.atomic():
            if postgres:
                # A duplicate waits on the first one's uncommitted row; bounded, so a stuck first is a 409.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = %s",
                                   [f"{int(settings.TUANJIE_IDEMPOTENCY_WAIT_SECONDS * 1000)}ms"])
            row = IdempotencyKey.objects.create(person=person, key=key, fingerprint=print_)
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
            return row
    except IntegrityError as exc:
        raise _Taken from exc
    except OperationalError as exc:
        cause = exc.__cause__
        if getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE or getattr(cause, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise _Busy from exc
        raise


def _first(request, person, key: str, print_: str, get_response):
    spy = _WriteSpy()
    with transaction.atomic():
        row = _claim(person, key, print_)
        with connection.execute_wrapper(spy):
            response = get_response(request)
        if response.status_code >= 400:
            transaction.set_rollback(True)      # nothing of a failed or refused request stays, nor its key
        elif response.streaming or not spy.wrote:
            row.delete()
        else:
            row.status = response.status_code
            row.headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            row.body = response.content
            row.save(update_fields=["status", "headers", "body"])
    return response


def _refusal(request, status: int, message: str):
    from tuanjie.core.errors import error_page

    return error_page(request, status, "正在处理" if status == 409 else "未能保存", message,
                      "请返回记录所在页面查看是否已经保存。")


def _replay(request, stored, print_: str):
    if stored.fingerprint != print_:
        return _refusal(request, 422, MISMATCH)
    response = HttpResponse(bytes(stored.body), status=stored.status)
    for name, value in stored.headers.items():
        response[name] = value
    response[REPLAYED] = "true"
    if "application/json" not in response.get("Content-Type", "") and hasattr(request, "_messages"):
        messages.info(request, REPLAYED_NOTE)
    return response


def exactly_once(request, person, key: str, print_: str, get_response):
    from tuanjie.core.models import IdempotencyKey

    for _attempt in range(3):
        stored = IdempotencyKey.objects.filter(person=person, key=key).first()
        if stored is not None:
            return _replay(request, stored, print_)
        try:
            return _first(request, person, key, print_, get_response)
        except _Taken:
            continue        # the first one committed: read and replay its answer
        except _Busy:
            break
    return _refusal(request, 409, IN_PROGRESS)


class IdempotencyMiddleware:
    """Listed after authentication and the messages, so the key's owner is known and a replay can say so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in UNSAFE:
            return self.get_response(request)
        try:
            key = key_of(request)
        except BadKey as exc:
            return _refusal(request, 400, str(exc))
        person = person_of(request) if key is not None else None
        if person is None:
            return self.get_response(request)
        return exactly_once(request, person, key, fingerprint(request), self.get_response)


def keys_prune(*, now=None) -> int:
    """Forget keys older than TUANJIE_IDEMPOTENCY_DAYS (run by `tuanjie purge`)."""
    from tuanjie.core.models import IdempotencyKey

    cutoff = (now or timezone.now()) - timedelta(days=settings.TUANJIE_IDEMPOTENCY_DAYS)
    deleted, _ = IdempotencyKey.objects.filter(created__lt=cutoff).delete()
    return deleted

