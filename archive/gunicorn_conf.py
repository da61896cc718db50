"""gunicorn's settings for the archive in production:

    gunicorn -c python:archive.gunicorn_conf archive.wsgi --workers 4

The master loads the application and the facet index of the machine before it forks the
workers, so that they start with both and share their pages with it: each worker's own
memory is then what it changes (the facet index's deltas, what its requests allocate), not
a copy of Django and of the index. The index file is built first if the machine has none.
"""

import gc

preload_app = True
# Pages asked for once in the master, so that the workers inherit what they import and
# compile (and the newest case's page, its cable's and a facet's values).
WARM_UP = ["/cases/", "/cases.json?page=2&sort=oldest", "/cables/", "/cases/facets/place/"]


def when_ready(server):
    """In the master, once the application is loaded and before any worker is forked: the
    index, and the modules and templates a page needs, imported and compiled once here."""
    from django.conf import settings
    from django.db import connections
    from django.test import Client

    from cases.catalog.live_index import current_index
    from cases.models import Case

    current_index()
    hosts = [host for host in settings.ALLOWED_HOSTS if host[:1] not in ("*", ".")]
    client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
    newest = Case.objects.published().select_related("cable").order_by("-id").first()
    pages = [newest.get_absolute_url(), newest.cable.get_absolute_url()] if newest else []
    for url in WARM_UP + pages:
        response = client.get(url)
        if response.status_code != 200:
            server.log.warning("warming up %s: %s", url, response.status_code)
    # The workers must not share the master's connection: each opens its own.
    connections.close_all()


def pre_fork(server, worker):
    # Objects the collector never visits keep their pages shared with the workers: a
    # collection in a worker would otherwise write into every object the master made.
    gc.freeze()
