"""Who is acting right now, for the change log: a web request, an import, a command or a background job."""

import contextlib
import contextvars
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    user: object | None = None
    source: str = "system"
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("tuanjie_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or Actor()


@contextlib.contextmanager
def acting_as(user=None, source: str = "system", request_id: str | None = None):
    """Run a block as `user`; every change it makes is logged with this source and request id."""
    token = _current.set(Actor(user=user, source=source, request_id=request_id or uuid.uuid4().hex))
    try:
        yield current_actor()
    finally:
        _current.reset(token)
