"""A database that fails on demand, for the tests of what the site does during an outage."""

from contextlib import contextmanager

from django.db import OperationalError, connection


@contextmanager
def database_down(when=lambda sql: True):
    """Every query for which `when(sql)` holds fails as a dropped server connection does."""

    def fail(execute, sql, params, many, context):
        if when(sql):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield
