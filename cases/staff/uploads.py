"""Cable uploads refused as soon as they pass the limit, not once they are on disk.

Django reads a request's files before any view can look at them: the CSRF check alone
reads the whole body, writing each file to memory or a temporary file. The import view
therefore runs outside that check (``limited_upload``), refuses a body whose declared
length is already too large without reading a byte of it, and reads any other through
``LimitedUploadHandler``, which stops reading the moment the files pass the limit; the
CSRF check runs after, on what was read. ``CABLE_UPLOAD_MAX_BYTES`` is the limit of all
files of one upload together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import connection
from django.http import HttpRequest
from django.views.decorators.csrf import csrf_protect

# Room in a request's body for the form around its files: the boundaries, each part's
# headers, the CSRF token.
FORM_OVERHEAD_BYTES = 64 * 1024


class LimitedUploadHandler(FileUploadHandler):
    """First of the handlers: counts the bytes of the files and stops the upload, without
    reading further, when they pass ``limit``; ``request.upload_refused`` then says so."""

    # The parser reads in the smallest chunks its handlers ask for: reading stops within
    # this much of the limit.
    chunk_size = 16 * 1024

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit, self.received = limit, 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_refused = True
            raise StopUpload(connection_reset=True)  # the rest is never read
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers keep the file


def too_large(request: HttpRequest) -> bool:
    """Whether the body declares itself larger than any upload allowed."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > settings.CABLE_UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES


def limited_upload(refuse):
    """Decorates a view that takes file uploads. A body declared too large is answered
    by ``refuse(request)`` unread; any other is read through ``LimitedUploadHandler``, and
    the view is CSRF-protected as usual, once the handler is in place."""

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_refused = False
            if request.method == "POST":
                if too_large(request):
                    request.upload_refused = True
                    return refuse(request, *args, **kwargs)
                limit = settings.CABLE_UPLOAD_MAX_BYTES
                request.upload_handlers.insert(0, LimitedUploadHandler(request, limit))
            return protected(request, *args, **kwargs)

        wrapper.csrf_exempt = True  # checked inside, after the handler is in place
        return wrapper

    return decorator


@contextmanager
def without_statement_timeout() -> Iterator[None]:
    """Imports run without the web process's statement timeout (archive/settings.py): a
    large upload's cables may each take longer than a page may."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")  # the connection's own setting
