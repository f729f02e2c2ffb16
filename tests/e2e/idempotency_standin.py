"""A stand-in for the server side of CONTRACT.md, for the offline browser tests only, until the real one (helper
"idem") is on this branch: a post with an Idempotency-Key and Accept: application/json gets the JSON answer, and
the same person's same key gets the first answer again without running the view. Held in memory, no fingerprint,
no 409: just enough to tell a client that retries with its key from one that makes a new record each time.
Delete this file and its fixture once the real middleware has landed."""

import re

from django.http import JsonResponse
from django.utils.html import strip_tags

ANSWERS: dict[tuple[int, str], tuple[int, dict]] = {}
ERROR = re.compile(r'<div class="invalid-feedback d-block">(.*?)</div>|class="alert alert-danger"[^>]*>\s*<div>(.*?)</div>',
                   re.S)


def answer_for(response) -> tuple[int, dict]:
    if response.status_code == 302:
        return 200, {"ok": True, "redirect": response["Location"], "message": "已保存", "id": None}
    errors = [strip_tags(a or b).strip() for a, b in ERROR.findall(response.content.decode())]
    message = "；".join(errors) or "未保存"
    return (403 if response.status_code == 403 else 422), {"ok": False, "message": message, "errors": {}}


class IdempotencyStandIn:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get("Idempotency-Key", "").strip('"')
        if (request.method != "POST" or not key or "application/json" not in request.headers.get("Accept", "")
                or not request.user.is_authenticated):
            return self.get_response(request)
        seen = (request.user.pk, key)
        replayed = seen in ANSWERS
        if not replayed:
            ANSWERS[seen] = answer_for(self.get_response(request))
        status, body = ANSWERS[seen]
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response
