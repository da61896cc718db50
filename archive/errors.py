"""Error pages: the database unavailable is a 503 with Retry-After, not a 500.

Django hands every uncaught exception to ``handler500``, whichever middleware or view
raised it, while the exception is still being handled. A database that refuses or drops
connections, or that does not answer in time (connect and statement timeouts, see
archive/settings.py), raises ``OperationalError`` or ``InterfaceError``: the site is
unavailable for a while, not broken, and says so, with a page that needs no database.
Django closes the failed connection at the end of the request and the next request opens
a new one, so the site recovers by itself when the database is back.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

RETRY_AFTER_SECONDS = 30
logger = logging.getLogger(__name__)


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


PLAIN_503 = (
    "<!doctype html><title>Temporarily unavailable</title>"
    "<h1>The archive is temporarily unavailable</h1><p>Please try again in a minute.</p>"
)


def unavailable_response() -> HttpResponse:
    """The styled 503 page, rendered without touching the database (or plain, should even
    that fail: this page must always be given)."""
    try:
        page = loader.render_to_string("503.html")
    except Exception:
        logger.exception("the 503 page could not be rendered")
        page = PLAIN_503
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a 503 when the database is unavailable, else the 500 page."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable_response()
    return HttpResponseServerError(loader.render_to_string("500.html"))
