"""The client's address and scheme, believed only from the reverse proxies we trust.

Behind a reverse proxy every request comes from the proxy's address, and the client's is
in a header the proxy adds (``X-Forwarded-For`` by default), as is the scheme
(``X-Forwarded-Proto``). Anyone can send those headers, so they are read only when the
request comes from an address in ``TRUSTED_PROXIES``; from anywhere else they are thrown
away before any other code sees them. The client's address then replaces ``REMOTE_ADDR``,
so that whatever counts clients (login throttling, export slots) counts the right one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

# Headers that only a trusted proxy may set; dropped from any other peer's request.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(specs: Iterable[str]) -> list[Network]:
    """``127.0.0.1``, ``10.0.0.0/8``, ``::1``: addresses and networks, as configured."""
    return list(_networks(tuple(specs)))


@lru_cache(maxsize=8)
def _networks(specs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(spec.strip(), strict=False) for spec in specs if spec.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(address: str, trusted: list[Network]) -> bool:
    found = _address(address)
    return found is not None and any(found in network for network in trusted)


def forwarded_client(header: str, trusted: list[Network]) -> str | None:
    """The client in a forwarding header: the last address that is not one of our own
    proxies. Addresses to its left were written by the client and prove nothing."""
    for hop in reversed(header.split(",")):
        address = _address(hop)
        if address is None:
            return None
        if not any(address in network for network in trusted):
            return str(address)
    return None


class TrustedProxyMiddleware:
    """First of all middleware: believe forwarding headers from trusted proxies only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        meta = request.META
        trusted = networks(settings.TRUSTED_PROXIES)
        header = "HTTP_" + settings.PROXY_CLIENT_HEADER.upper().replace("-", "_")
        if trusted and is_trusted(meta.get("REMOTE_ADDR", ""), trusted):
            client = forwarded_client(meta.get(header, ""), trusted)
            if client:
                meta["REMOTE_ADDR"] = client
        else:
            for name in {*FORWARDING_HEADERS, header}:
                meta.pop(name, None)
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (``REMOTE_ADDR``, which ``TrustedProxyMiddleware`` set), or
    None for a request that came from no address (a login made in code)."""
    return request.META.get("REMOTE_ADDR") or None
