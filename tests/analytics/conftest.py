"""The analytics tests count leading groups as stand-ins for three countables, so that a test states its records
in one line whatever the activity and information workflows demand: the machinery is generic over the registry.
Every other key stays the product's own, so the dashboard finds every key it names."""

import pytest

from tuanjie.core import countables
from tuanjie.core.countables import Countable

TEST_COUNTABLES = {
    "activity": Countable("activity", "开展活动", "leadership.LeadingGroup", "established_on", split_by_field=True),
    "activity.training": Countable("activity.training", "政策培训", "leadership.LeadingGroup", "established_on",
                                   filters={"office_location": "培训"}),
    "information.published": Countable("information.published", "发布信息", "leadership.LeadingGroup",
                                       "established_on", filters={"document_no__startswith": "发"}),
}


@pytest.fixture
def counting(monkeypatch):
    """Put the stand-in countables in the registry for the test, in place of the product's keys of those names."""
    registry = {**countables.registry(), **TEST_COUNTABLES}
    monkeypatch.setattr(countables, "registry", lambda: registry)
    return registry


def _configure_replica_until_settings_have_it() -> None:
    """tools/with_postgres.py --replica exports TUANJIE_REPLICA_DATABASE_URL. Until settings.py defines the
    "replica" alias itself (see tuanjie/analytics/routers.py for the lines), add it here the same way."""
    import os

    import dj_database_url
    from django.conf import settings
    from django.db import connections

    url = os.environ.get("TUANJIE_REPLICA_DATABASE_URL")
    if not url or "replica" in settings.DATABASES:
        return
    replica = dj_database_url.parse(url)
    replica["TEST"] = {"MIRROR": "default"}
    settings.DATABASES["replica"] = replica
    configured = connections.configure_settings({"default": settings.DATABASES["default"], "replica": replica})
    connections.settings["replica"] = configured["replica"]


_configure_replica_until_settings_have_it()
