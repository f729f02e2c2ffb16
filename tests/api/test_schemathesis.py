"""The API keeps its contract under a fuzzer (issue 20): schemathesis reads `/api/schema/` and sends every
operation a few generated requests, schema-valid and not as a unit's staff, schema-valid as a county office, against the
WSGI application inside the test's transaction. Three checks, the contract's three promises:

- no server error (`not_a_server_error`);
- no status the operation does not document (`status_code_conformance`; core/schema.py documents the refusals);
- no schema-valid request refused without a documented reason (`positive_data_acceptance`): a valid request may be
  answered 2xx, or 401/403 (not allowed), 404 (not there or out of reach), 409 (a duplicate) or 422 (a rule the
  schema cannot state, core/api.py), never 400, which says the request was malformed.

Bounded so that it runs with the rest of the suite: a fixed seed (Hypothesis derandomised, no example database),
EXAMPLES generated requests per operation and mode, each in a savepoint rolled back afterwards, so every request
meets the same data: the fixture tree with one record of every model at the unit (tests/factories.py), whose ids
half the requests use. Select it alone with `-m fuzz`, or leave it out with `-m "not fuzz"`."""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance, status_code_conformance

from tests.factories import FACTORIES

pytestmark = pytest.mark.fuzz

EXAMPLES = 3
CHECKS = [not_a_server_error, status_code_conformance, positive_data_acceptance]
# What a schema-valid request may be answered (see the module's docstring); schemathesis's default also allows 5xx.
ACCEPTED = ["2xx", "401", "403", "404", "409", "422"]
# Records the factories cannot make on their own at a unit, and none of the API's operations needs.
NOT_SEEDED = {"core.ChangeLogEntry", "core.DeletedRecord"}


@pytest.fixture
def wsgi_app(settings):
    """Django's WSGI application, running in the test's transaction: as Django's test client does, the connection
    is kept open at the start and end of a request (closing it would end the transaction)."""
    from django.core.wsgi import get_wsgi_application

    settings.AXES_ENABLED = False         # thousands of requests; some are meant to fail authentication
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def seeded(tree):
    """One record of every model at the unit, made as the product makes them."""
    ids = {}
    for label, make in sorted(FACTORIES.items()):
        if label in NOT_SEEDED:
            continue
        record = make(tree.u1, tree)
        ids.setdefault(type(record), record.pk)
    return ids


def _record_id(operation, ids) -> int | None:
    """The id of the seeded record of the operation's model, for a path with `{id}`."""
    if "{id}" not in operation.path:
        return None
    try:
        match = resolve(operation.path.replace("{id}", "1"))
    except Resolver404:
        return None
    view = getattr(match.func, "cls", None)
    model = getattr(view, "model", None) or getattr(getattr(view, "queryset", None), "model", None)
    return ids.get(model)


def fuzz(app, user, ids, modes) -> tuple[int, list[str]]:
    """Run every operation; return the number of requests and the failures, one line each with a curl to
    reproduce it (collected rather than raised, so one run shows them all and Hypothesis spends no time shrinking)."""
    config = schemathesis.Config.from_dict({"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}})
    from tuanjie.people.tokens import api_token_create

    # A system's API token, acting with the person's reach: offices pass a second factor, so Basic auth (a password
    # alone) is refused for them, as it would be in production (people/api_auth.py).
    _token, secret = api_token_create(by=user, name="模糊测试")
    auth = {"Authorization": f"Token {secret}",
            "Accept-Encoding": "identity"}     # the WSGI client does not unzip, and a failure shows the body
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, config=config, headers=auth)
    failures: list[str] = []
    sent = 0

    @hypothesis_settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                         phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def send(data, strategy, label):
        nonlocal sent
        case = data.draw(strategy)
        sent += 1
        with transaction.atomic():
            response = case.call(headers=auth)
            try:
                case.validate_response(response, checks=CHECKS, headers=auth)
            except (AssertionError, BaseExceptionGroup) as failure:
                found = " ".join(sorted({line.strip() for line in str(failure).splitlines()
                                         if line.strip().startswith("- ST")}))
                failures.append(f"{label}: {found} [{response.status_code}] {response.content[:300].decode(errors='replace')}"
                                f"\n    {case.as_curl_command(headers=auth)[:1500]}")
            transaction.set_rollback(True)

    for result in schema.get_all_operations():
        operation = result.ok()
        record = _record_id(operation, ids)
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=mode)
            if record is not None and mode is GenerationMode.POSITIVE:
                strategy = st.one_of(strategy, operation.as_strategy(generation_mode=mode,
                                                                     path_parameters={"id": record}))
            send(strategy=strategy, label=f"{operation.label} [{mode.value}]")
    return sent, failures


# Malformed requests are refused before anyone's rights are looked at, so they are sent once, as the unit; the
# office, who may write where the unit may not, gets schema-valid ones only.
PERSONAS = {"unit_staff": (GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
            "county_office": (GenerationMode.POSITIVE,)}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_api_keeps_its_contract_under_the_fuzzer(request, wsgi_app, seeded, persona):
    user = request.getfixturevalue(persona)
    started = time.monotonic()
    sent, failures = fuzz(wsgi_app, user, seeded, PERSONAS[persona])
    print(f"\nschemathesis as {persona}: {sent} requests in {time.monotonic() - started:.0f} s")
    assert sent > 400
    assert not failures, f"{len(failures)} of {sent} requests broke the contract:\n" + "\n".join(failures[:60])
