"""Dashboards read from a read replica when one is configured (the "replica" database alias).

Only reads made inside `reading_from_replica()` go to the replica: the dashboard's fact queries are read-only and
tolerate the replica's lag of a few hundred milliseconds, whereas a page that has just saved a record must read its
own write from the primary. Writes and migrations always go to the primary ("default").

Settings (the lead adds these to tuanjie/settings.py):

    if env_str("TUANJIE_REPLICA_DATABASE_URL", ""):
        DATABASES["replica"] = dj_database_url.parse(env_str("TUANJIE_REPLICA_DATABASE_URL", ""),
                                                     conn_max_age=env_int("TUANJIE_DB_CONN_MAX_AGE", 60))
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["tuanjie.analytics.routers.DashboardReplicaRouter"]
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_use_replica: ContextVar[bool] = ContextVar("tuanjie_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica():
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class DashboardReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
