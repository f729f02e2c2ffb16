"""Undo what a transaction cannot: files written to storage for rows that were never committed.

Django runs callbacks on commit but not on rollback. `on_rollback(func)` keeps `func` until the current
transaction commits (then it is dropped); whatever is still kept when the request ends belonged to a transaction
that rolled back or never finished, and is run then (`RollbackHooksMiddleware`, or `run_rollback_hooks()` outside
requests). Outside a transaction there is nothing to roll back: `func` is dropped at once."""

import logging
import threading

from django.db import transaction

logger = logging.getLogger(__name__)
_pending = threading.local()


def _hooks() -> list:
    if not hasattr(_pending, "hooks"):
        _pending.hooks = []
    return _pending.hooks


def on_rollback(func, using=None) -> None:
    if not transaction.get_connection(using).in_atomic_block:
        return
    entry = [func]
    _hooks().append(entry)
    transaction.on_commit(entry.clear, using=using)


def run_rollback_hooks(using=None) -> None:
    if transaction.get_connection(using).in_atomic_block:
        return   # the transaction they wait for is still open (a test case's, or a caller's)
    hooks, _pending.hooks = _hooks(), []
    for entry in hooks:
        for func in entry:
            try:
                func()
            except Exception:
                # One stuck file must not stop the others from being removed; it is logged for the operator.
                logger.exception("回滚后清理失败")


class RollbackHooksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            run_rollback_hooks()
