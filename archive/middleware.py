"""Site-wide middleware: requests no page can answer, and headers every page carries."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest


class RejectNulMiddleware:
    """A NUL byte in the path or the query string is answered 400 before any view runs.

    No name in the archive holds one, and PostgreSQL refuses NUL in text: a query with one
    would fail in the database. Views validate their own input too; this guards the rest
    (the admin's change lists and searches, third-party views).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                "NUL bytes are not allowed in addresses.", content_type="text/plain"
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the browser features the pages never use
    are off for them and for anything they might embed (``settings.PERMISSIONS_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
