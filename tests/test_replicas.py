"""Which database a request reads when the archive has replicas (archive/replicas.py); the
real thing, a streaming replica of a scratch PostgreSQL, is in test_replication.py."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.signals import request_finished
from django.db import router
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from archive.replicas import ReplicaMiddleware, ReplicaRouter
from cases.models import Case

# request_finished also closes stale connections, which asks the database.
pytestmark = pytest.mark.django_db


@pytest.fixture
def replicas(settings):
    settings.DATABASE_REPLICA_ALIASES = ["replica1", "replica2"]


def read_during(request) -> str:
    """The database the router gives a read while the middleware handles ``request``."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Case))
        return HttpResponse()

    ReplicaMiddleware(view)(request)
    request_finished.send(sender=None)
    return seen[0]


def request(method="get", path="/cases/", user=None):
    made = getattr(RequestFactory(), method)(path)
    made.user = user or AnonymousUser()
    return made


def test_public_reads_go_to_a_replica(replicas):
    """An anonymous GET or HEAD of a public page reads one of the replicas."""
    assert read_during(request()) in ("replica1", "replica2")
    assert read_during(request("head", "/cables/")) in ("replica1", "replica2")


def test_staff_read_their_own_writes_on_the_primary(replicas):
    """A logged-in user, the admin and any write read the primary."""
    staff = get_user_model().objects.create_user("editor", is_staff=True)
    assert read_during(request(user=staff)) == "default"
    assert read_during(request(path="/admin/cases/case/")) == "default"
    assert read_during(request("post", "/admin/login/")) == "default"


def test_writes_and_migrations_stay_on_the_primary(replicas):
    """Writes go to the primary whatever the request; only the primary is migrated."""
    seen = []

    def view(request):
        seen.append(router.db_for_write(Case))
        return HttpResponse()

    ReplicaMiddleware(view)(request())
    assert seen == ["default"]
    assert ReplicaRouter().allow_migrate("default", "cases")
    assert not ReplicaRouter().allow_migrate("replica1", "cases")


def test_without_replicas_everything_reads_the_primary(settings):
    settings.DATABASE_REPLICA_ALIASES = []
    assert read_during(request()) == "default"


def test_a_stream_reads_its_replica_to_the_end(replicas):
    """A streamed export reads after the middleware returns: still from the replica it
    started on, until the response is closed; then reads go to the primary again."""
    seen = []

    def rows():
        for _ in range(3):
            seen.append(router.db_for_read(Case))
            yield b"row\n"

    response = ReplicaMiddleware(lambda request: StreamingHttpResponse(rows()))(request())
    assert b"".join(response.streaming_content) == b"row\n" * 3
    assert len(set(seen)) == 1 and seen[0].startswith("replica")
    response.close()  # the WSGI server closes it, which sends request_finished
    assert router.db_for_read(Case) == "default"
    assert read_during(request()) != "default"


def test_commands_read_the_primary(replicas):
    """Outside any request (imports, shells) reads go to the primary."""
    request_finished.send(sender=None)
    assert router.db_for_read(Case) == "default"
