"""The client's address: the peer, or — behind a trusted proxy (ingress) — the address it forwarded."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(raw: str) -> tuple[Network, ...]:
    """``10.0.0.0/8, 192.168.1.7`` → networks; a bad entry raises ValueError (for ``env_parsed``)."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip())


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The right-most address in ``X-Forwarded-For`` not added by a trusted proxy, if the peer is trusted.

    Only proxies we trust may speak for the client: anything a client writes into the header itself lies
    further left, behind the first untrusted hop, and is ignored.
    """
    peer = peer or ""
    if not trusted or not forwarded_for or not _trusted(peer, trusted):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: trust nothing in it
        if not _trusted(hop, trusted):
            return hop
    return peer


TRUSTED_PROXIES = web.AppKey("trusted_proxies", tuple)
CLIENT_ADDRESS = web.RequestKey("client_address", str)


def client_of(request: web.Request) -> str:
    """The client address of a request, with the gateway's trusted proxies applied (worked out once)."""
    try:
        return request[CLIENT_ADDRESS]
    except KeyError:
        pass
    trusted = request.app.get(TRUSTED_PROXIES, ())
    forwarded = None
    if trusted:
        # Every X-Forwarded-For line in order, whatever the spelling of the name: a proxy may add its own
        # line instead of appending to the client's.
        forwarded = ",".join(request.headers.getall("X-Forwarded-For", ())) or None
    address = request[CLIENT_ADDRESS] = client_address(request.remote, forwarded, trusted)
    return address
