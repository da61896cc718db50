"""gunicorn's settings for the Cable Case Archive (README, "Deployment").

    gunicorn -c gunicorn.conf.py archive.wsgi

Sync workers: each serves one request at a time, which suits a site whose pages are CPU
and database work, and a worker that hangs is killed and replaced without touching the
others. Values come from the environment where a deployment may want its own.

The master loads the application and the facet index of the machine before it forks the
workers, so that they start with both and share their pages with it: each worker's own
memory is then what it changes (the facet index's deltas, what its requests allocate), not
a copy of Django and of the index. The index file is built first if the machine has none.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two or three per core. They share the application and the facet index (see above), so
# an extra worker costs little memory. Exports may take at most CABLE_EXPORTS_MAX workers
# at once (2 by default), so keep at least one more than that.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
# A worker silent for this long is killed and replaced: the last guard against a request
# stuck where no database timeout reaches (archive/settings.py has the database's).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On reload or stop (TERM), requests in flight get this long to finish.
graceful_timeout = 30
keepalive = 5
# Workers are replaced after a few thousand requests (memory held by long exports,
# fragmentation), at staggered times so that they never all restart at once.
max_requests = 2000
max_requests_jitter = 200
# Loaded once in the master and shared (see above). New code therefore needs a new
# master: `kill -USR2 <master>` starts one beside the old, then `kill -TERM <old master>`
# lets the old workers finish what they serve (README, "Deployment").
preload_app = True
# Facet-heavy list URLs are long; refuse anything longer than this (414).
limit_request_line = 8190
# The reverse proxies whose X-Forwarded-Proto gunicorn believes, as Django does
# (DJANGO_TRUSTED_PROXIES; archive/proxies.py drops forwarding headers from anyone else).
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"

# Pages asked for once in the master, so that the workers inherit what they import and
# compile (and the newest case's page, its cable's and a facet's values).
WARM_UP = ["/cases/", "/cases.json?page=2&sort=oldest", "/cables/", "/cases/facets/place/"]


def when_ready(server):
    """In the master, once the application is loaded and before any worker is forked: the
    index, and the modules and templates a page needs, imported and compiled once here.
    A database that cannot be reached now leaves the workers to do it themselves."""
    from django.conf import settings
    from django.db import connections
    from django.test import Client

    from cases.catalog.live_index import current_index
    from cases.models import Case

    try:
        current_index()
        hosts = [host for host in settings.ALLOWED_HOSTS if host[:1] not in ("*", ".")]
        client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
        newest = Case.objects.published().select_related("cable").order_by("-id").first()
        pages = [newest.get_absolute_url(), newest.cable.get_absolute_url()] if newest else []
        for url in WARM_UP + pages:
            response = client.get(url)
            if response.status_code != 200:
                server.log.warning("warming up %s: %s", url, response.status_code)
    except Exception as error:  # noqa: BLE001 - any failure only costs the warm-up
        server.log.warning("no warm-up in the master: %r", error)
    finally:
        # The workers must not share the master's connection: each opens its own.
        connections.close_all()


def post_request(worker, req, environ, resp):
    # What a request freed goes back to the system once the worker's heap keeps much of
    # it (archive/memory.py).
    from archive.memory import give_back_freed_memory

    give_back_freed_memory()


def pre_fork(server, worker):
    # Objects the collector never visits keep their pages shared with the workers: a
    # collection in a worker would otherwise write into every object the master made.
    gc.freeze()
