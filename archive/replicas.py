"""Which database a query goes to, when the archive has read-only replicas.

PostgreSQL's streaming replicas (``DATABASE_REPLICA_URLS``) carry the public's reads: an
anonymous GET or HEAD request reads one replica, chosen when it starts and kept to its
end (a streamed export included), so that a page never mixes two replicas' states. Every
other request reads the primary: staff (who must see what they just saved, before it
reaches the replicas), the admin, logins and every write. So do commands, imports and
shells, which run outside requests. Writes always go to the primary.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS

# The replica the current request reads, or None for the primary.
_reading: ContextVar[str | None] = ContextVar("reading", default=None)


def public_replica() -> str | None:
    """A replica for a public request, or None when there is none."""
    replicas = settings.DATABASE_REPLICA_ALIASES
    return random.choice(replicas) if replicas else None


def reads_replica(request) -> bool:
    """Whether this request may be served from a replica: anonymous, reading, not admin."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith("/admin/"):
        return False
    return not request.user.is_authenticated


class ReplicaMiddleware:
    """Chooses the database the request reads (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replica = None
        if settings.DATABASE_REPLICA_ALIASES and reads_replica(request):
            replica = public_replica()
        # Set, not reset on return: a streamed response reads on after this returns.
        # request_finished (below) clears it once the response is closed.
        _reading.set(replica)
        return self.get_response(request)


def _finished(**kwargs) -> None:
    _reading.set(None)


request_finished.connect(_finished, dispatch_uid="archive.replicas.finished")


class ReplicaRouter:
    """Reads where the request's middleware chose; writes and migrations on the primary."""

    def db_for_read(self, model, **hints):
        return _reading.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every database holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
