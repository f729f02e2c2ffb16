"""Every write path honours the Idempotency-Key: the walk sends each page and API address that takes a write a
malformed key and expects the key's refusal, which only `IdempotencyMiddleware` gives. An address exempted from
it, or the middleware moved before sign-in or dropped, fails here; so does a view that commits outside the
request's transaction (`durable=True`), which the key's row could not share."""

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tuanjie.core.idempotency import BAD_KEY

UNSAFE = ("post", "put", "patch", "delete")
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _takes_writes(callback) -> bool:
    actions = getattr(callback, "actions", None)     # a DRF viewset's route: method → action
    if actions is not None:
        return any(method in actions for method in UNSAFE)
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is not None:
        return any(hasattr(view, method) for method in UNSAFE)
    return True   # a function view may take a post: walk it too


def write_addresses() -> list[str]:
    found = []
    for route, callback in _walk(get_resolver()):
        if route.startswith(("^", "static/", "media/")) or "(?P<format>" in route or not _takes_writes(callback):
            continue
        address = REGEX_GROUP.sub("1", route).replace("^", "").replace("$", "")   # DRF's router writes regexes
        address = CONVERTER.sub(lambda m: SAMPLE.get(m["kind"] or "str", "x"), address)
        found.append("/" + address.replace("\\", ""))
    return sorted(set(found))


def test_the_walk_finds_the_pages_and_the_api():
    addresses = write_addresses()
    assert {"/activities/add/", "/pairing/contacts/add/", "/api/activities/", "/api/activities/1/"} <= set(addresses)
    assert len(addresses) > 100


def test_every_write_address_refuses_a_malformed_key_for_the_signed_in_and_the_api(tree, county_office, client_for):
    client = client_for(county_office)
    ignored = []
    for address in write_addresses():
        response = client.post(address, {}, HTTP_IDEMPOTENCY_KEY="键")
        if response.status_code != 400 or BAD_KEY not in response.content.decode():
            ignored.append(f"{address} → {response.status_code}")
    assert ignored == []


def test_no_write_commits_outside_the_requests_transaction():
    root = Path(__file__).resolve().parents[2] / "tuanjie"
    durable = [str(p.relative_to(root)) for p in root.rglob("*.py") if "durable=True" in p.read_text()]
    assert durable == []


def test_no_template_writes_the_csrf_field_by_hand_so_every_post_form_gets_its_key_from_the_tag():
    root = Path(__file__).resolve().parents[2] / "tuanjie"
    by_hand = [str(p.relative_to(root)) for p in root.rglob("*.html") if "csrfmiddlewaretoken" in p.read_text()]
    assert by_hand == []
