"""Caching of public pages, keyed to the archive's version.

The data only changes on import or admin edit, and every such write gives the archive a
new version (``ArchiveState``). A page rendered for one version is therefore right for as
long as that version lasts: it is kept in the cache under the version and the absolute
URL, scheme and host included (pages carry absolute permalinks and citations, so a page
asked for under another allowed host name, or over HTTP rather than HTTPS, is another
page), and sent with an ETag made of the same, so that a browser asking again gets a 304.
Pages for logged-in users show staff-only marks and are never cached.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from ..catalog.live_index import is_stale
from ..models import ArchiveState


def cached_by_version(view):
    """Serve anonymous GET and HEAD requests from the cache while the archive is unchanged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = ArchiveState.current_version()
        url = address_digest(page_address(request))
        etag = f'"{version[:16]}-{url[:16]}"'
        # Weak comparison, as If-None-Match asks (RFC 9110, 8.8.3.2).
        wanted = {
            tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))
        }
        if etag in wanted:
            response = HttpResponseNotModified()
        else:
            key = page_key(version, request.method, url)
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response = response.render()
                if response.status_code != 200 or response.streaming:
                    return response
                if is_stale():
                    return uncacheable(response)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            if "*" in wanted:
                # "*" matches any current representation (RFC 9110, 13.1.2): the page exists.
                response = HttpResponseNotModified()
        return cacheable(response, etag)

    return wrapper


def cacheable(response, etag: str):
    """A public page that browsers and shared caches (a CDN) may keep and revalidate."""
    response["ETag"] = etag
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE_SECONDS,
        s_maxage=settings.PAGE_SHARED_MAX_AGE_SECONDS,
    )
    return response


def uncacheable(response):
    """A page that must be asked for again: no cache may keep it."""
    patch_cache_control(response, no_cache=True, public=True, max_age=0)
    return response


def address_digest(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()


def page_key(version: str, method: str, digest: str) -> str:
    """The cache key of a page: the archive's version, the method, the address's digest."""
    return f"page:{version}:{method}:{digest}"


def page_address(request) -> str:
    """What a cached page depends on: its absolute URL, scheme and host included."""
    return request.build_absolute_uri()
