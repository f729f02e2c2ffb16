"""Dashboards read from a real streaming replica when one is configured. Runs only under
`python tools/with_postgres.py --replica -- pytest tests/analytics/test_replica.py`."""

import os
import time
from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.analytics.helpers import record
from tuanjie.analytics.routers import DashboardReplicaRouter, reading_from_replica

needs_replica = pytest.mark.skipif(not os.environ.get("TUANJIE_REPLICA_DATABASE_URL"),
                                   reason="needs TUANJIE_REPLICA_DATABASE_URL (tools/with_postgres.py --replica)")


def test_without_a_replica_the_router_leaves_reads_on_the_primary(monkeypatch):
    from tuanjie.analytics import routers
    from tuanjie.analytics.models import Fact

    monkeypatch.setattr(routers, "replica_configured", lambda: False)
    router = DashboardReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(Fact) is None
    assert router.db_for_write(Fact) == "default"
    assert router.allow_migrate("replica", "analytics") is False


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_the_dashboard_reads_its_figures_from_the_streaming_replica(tree, counting, county_office, client_for,
                                                                    settings):
    settings.DATABASE_ROUTERS = ["tuanjie.analytics.routers.DashboardReplicaRouter"]
    replica = connections["replica"]
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True          # a real standby, not the primary under another name
    record(tree.u1, date(2026, 3, 9))
    deadline = time.monotonic() + 10
    from tuanjie.analytics.models import Fact

    while not Fact.objects.using("replica").filter(place=tree.county).exists():   # wait for streaming to apply
        assert time.monotonic() < deadline, "the replica did not catch up within 10 s"
        time.sleep(0.05)
    client = client_for(county_office)
    with CaptureQueriesContext(replica) as on_replica:
        page = client.get(reverse("analytics:dashboard"), {"period": "2026"})
    assert page.status_code == 200
    assert page.context["board"].headline[0].value == 1
    assert any("analytics_fact" in q["sql"] for q in on_replica.captured_queries)
