"""How a page's form post is answered when a script sent it (`Accept: application/json`, the field-capture
contract: static/tuanjie/send.js and the offline queue): JSON instead of a redirect or the form shown again.

    saved    200 {"ok": true, "redirect": url, "message": "…", "id": pk}
    invalid  422 {"ok": false, "message": "<what to fix>", "errors": {"<field or __all__>": ["…"]}}
    refused  403 {"ok": false, "message": "…"}
Not signed in (401) and a refused CSRF token (403, "csrf": true) are answered by core/middleware.py and
core/errors.py. A form sent without script gets the redirect (with the message shown on the next page) or the page."""

from django.contrib import messages
from django.forms.formsets import BaseFormSet
from django.http import HttpResponseRedirect, JsonResponse

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
ALL = "__all__"


def wants_json(request) -> bool:
    return (request.method not in SAFE_METHODS and not request.path.startswith("/api/")
            and "application/json" in request.headers.get("Accept", ""))


def _json(body: dict, status: int) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def saved(request, *, redirect_to: str, message: str, obj=None):
    if wants_json(request):
        return _json({"ok": True, "redirect": redirect_to, "message": message,
                      "id": getattr(obj, "pk", None)}, 200)
    messages.success(request, message)
    return HttpResponseRedirect(redirect_to)


def refused(message: str) -> JsonResponse:
    return _json({"ok": False, "message": message}, 403)


def _label(form, name: str) -> str:
    field = form.fields.get(name)
    return str(field.label) if field is not None and field.label else name


def form_errors(form) -> tuple[dict[str, list[str]], list[str]]:
    """Errors by field name as posted (rows of a formset the form holds, e.g. the needs raised during a visit,
    by their posted names `needs-0-description`), and the same as sentences naming the field."""
    errors: dict[str, list[str]] = {}
    said: list[str] = []
    for name, messages_ in form.errors.items():
        errors[name] = list(messages_)
        said += [m if name == ALL else f"{_label(form, name)}：{m}" for m in messages_]
    for formset in (value for value in vars(form).values() if isinstance(value, BaseFormSet)):
        if not formset.is_bound:
            continue
        for number, row in enumerate(formset.forms):
            for name, messages_ in row.errors.items():
                errors[row.add_prefix(name) if name != ALL else f"{formset.prefix}-{number}"] = list(messages_)
                said += [f"第{number + 1}行{'' if name == ALL else _label(row, name)}：{m}" for m in messages_]
        for message in formset.non_form_errors():
            errors.setdefault(ALL, []).append(message)
            said.append(message)
    return errors, said


def invalid(form) -> JsonResponse:
    errors, said = form_errors(form)
    summary = "请修改后再提交：" + "；".join(said) if said else "请检查填写的内容后再提交。"
    return _json({"ok": False, "message": summary, "errors": errors}, 422)
