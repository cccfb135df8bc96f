"""The one guarded client for outbound calls to URLs that users supplied (webhooks now, anything later).

It resolves the host name itself and refuses internal addresses (loopback, private, link-local, multicast,
reserved, unspecified, IPv4-mapped IPv6, ...) unless ``LOTSEN_OUTBOUND_ALLOW`` names them. The connection goes
to exactly the addresses it checked: the check lives in the connector's resolver, so there is no second
look-up an attacker's DNS could answer differently (no rebinding window), while the Host header and the TLS
server name stay the URL's. It follows no redirects and refuses credentials in URLs. In production only
https is allowed.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from shared.settings import Settings, SettingsError

ALLOW_VARIABLE = "LOTSEN_OUTBOUND_ALLOW"
IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Lookup = Callable[[str, int], Awaitable[list[str]]]

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Ranges IANA marks as not globally reachable that ``ipaddress`` (3.11) does not all flag: checked as well.
_NOT_GLOBAL = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/96", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
        "fe80::/10", "fec0::/10", "ff00::/8",
    )
)  # fmt: skip
_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
_NUMERIC = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


class Refused(Exception):
    """The URL, or every address its host resolves to, may not be called.

    ``public`` is safe to show the caller; ``reason`` is for operators' logs and never leaves the service.
    """

    def __init__(self, public: str, reason: str | None = None) -> None:
        super().__init__(public)
        self.public = public
        self.reason = reason or public


class Failed(Exception):
    """The call was allowed but did not complete (DNS, connection, TLS, deadline); worth retrying."""


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a 6to4 or NAT64 address leads to (IPv4-mapped ones are refused outright)."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IP) -> bool:
    """Whether ``ip`` is a globally reachable unicast address (what any user may make us call)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None or ip.scope_id:
            return False
        inner = _embedded_v4(ip)
        if inner is not None:
            return is_public(inner)
    flagged = (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )
    listed = any(ip in net for net in _NOT_GLOBAL if net.version == ip.version)
    return ip.is_global and not flagged and not listed


@dataclass(frozen=True, slots=True)
class OutboundPolicy:
    """What outbound calls may reach: public addresses, plus the allow-listed networks; https only if asked."""

    allow: tuple[Network, ...] = ()
    https_only: bool = False

    def permits(self, ip: IP) -> bool:
        """Whether a connection to ``ip`` is allowed."""
        plain = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
        return is_public(ip) or any(plain in net for net in self.allow if net.version == plain.version)

    @classmethod
    def from_settings(cls, settings: Settings) -> OutboundPolicy:
        """``LOTSEN_OUTBOUND_ALLOW`` (comma-separated addresses or CIDR networks); https only in production."""
        raw = settings.extra.get(ALLOW_VARIABLE) or ""
        allow = []
        for item in (part.strip() for part in raw.split(",")):
            if not item:
                continue
            try:
                allow.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise SettingsError(f"{ALLOW_VARIABLE} has {item!r}, which is not an IP address or network") from None
        return cls(allow=tuple(allow), https_only=not settings.dev)


def _literal(host: str) -> IP | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _checked_name(host: str) -> str:
    """A host name in its canonical spelling, or Refused for a numeric form other parsers read as an address."""
    name = host.rstrip(".")
    labels = name.split(".")
    # "2130706433", "0x7f000001", "0177.0.0.1", "127.1": inet_aton() and browsers read these as IPv4.
    if _NUMERIC.match(labels[-1]):
        raise Refused("must name the host by name, or by a dotted-quad IPv4 or bracketed IPv6 address")
    if not name or len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise Refused("must have a valid host name")
    return name


def check_url(raw: str, policy: OutboundPolicy) -> URL:
    """Parse ``raw`` and refuse what is wrong before any look-up: scheme, credentials, host, literal address."""
    try:
        url = URL(raw)
    except (ValueError, TypeError):
        raise Refused("must be an absolute http(s) URL") from None
    schemes = ("https",) if policy.https_only else ("http", "https")
    if url.scheme not in schemes:
        raise Refused("must use https" if policy.https_only else "must be an http or https URL")
    authority = re.split(r"[/?#]", raw.split("//", 1)[1], maxsplit=1)[0] if "//" in raw else ""
    if "@" in authority or url.user is not None or url.password is not None:
        raise Refused("must not contain credentials")
    if not url.raw_host or not url.port:
        raise Refused("must be an absolute http(s) URL with a host")
    host = url.raw_host.lower()
    ip = _literal(host)
    if ip is None:
        _checked_name(host)
    elif not policy.permits(ip):
        raise Refused("must not point to an internal address", f"{ip} is not public and not allow-listed")
    return url


async def system_lookup(host: str, port: int) -> list[str]:
    """The machine's resolver (getaddrinfo), as a list of address strings."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _is_localhost(name: str) -> bool:
    return name == "localhost" or name.endswith(".localhost")


class GuardedResolver(AbstractResolver):
    """aiohttp's resolver seam: look the name up once and hand the connector only the permitted addresses."""

    def __init__(self, policy: OutboundPolicy, lookup: Lookup) -> None:
        self._policy = policy
        self._lookup = lookup

    async def addresses(self, host: str, port: int) -> list[IP]:
        """The permitted addresses of ``host``; Refused when none is, Failed when the name does not resolve."""
        name = _checked_name(host.lower())
        # RFC 6761: "localhost" names are loopback whatever a DNS server says.
        try:
            raw = ["127.0.0.1", "::1"] if _is_localhost(name) else await self._lookup(name, port)
        except (OSError, UnicodeError) as exc:
            raise Failed(f"DNS: {type(exc).__name__}") from None
        found = [ip for ip in (_literal(a.split("%", 1)[0]) for a in raw) if ip is not None]
        permitted = [ip for ip in dict.fromkeys(found) if self._policy.permits(ip)]
        if not permitted:
            raise Refused("must name a host with a public address", f"{name} resolves to no permitted address")
        return permitted

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[ResolveResult]:
        """The connector's look-up: exactly the addresses that passed the policy."""
        return [
            ResolveResult(
                hostname=host,
                host=str(ip),
                port=port,
                family=socket.AF_INET6 if ip.version == 6 else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for ip in await self.addresses(host, port)
        ]

    async def close(self) -> None:
        """Nothing to release."""


class GuardedClient:
    """The outbound HTTP client for user-supplied URLs; open it with ``async with``."""

    def __init__(self, policy: OutboundPolicy, *, lookup: Lookup | None = None, user_agent: str = "Lotsen") -> None:
        self.policy = policy
        self._resolver = GuardedResolver(policy, lookup or system_lookup)
        self._user_agent = user_agent
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> GuardedClient:
        connector = aiohttp.TCPConnector(resolver=self._resolver, use_dns_cache=False)
        self._session = aiohttp.ClientSession(
            connector=connector, trust_env=False, headers={"User-Agent": self._user_agent}
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def check(self, raw: str) -> URL:
        """Refuse ``raw`` now (e.g. when a subscription is created): syntax, literal address and look-up."""
        url = check_url(raw, self.policy)
        if _literal(url.raw_host or "") is None:
            try:
                await self._resolver.addresses(url.raw_host or "", url.port or 0)
            except Failed:
                raise Refused("must name a host with a public address") from None
        return url

    async def post(self, raw: str, *, body: bytes, headers: Mapping[str, str], deadline: float) -> int:
        """POST ``body`` and return the status (redirects are not followed); Refused or Failed otherwise."""
        if self._session is None:
            raise RuntimeError("GuardedClient used outside 'async with'")
        url = check_url(raw, self.policy)
        try:
            async with self._session.post(
                url, data=body, headers=dict(headers), allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=deadline),
            ) as resp:  # fmt: skip
                return resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            # The class name only: messages of connection errors carry addresses and ports.
            raise Failed(type(exc).__name__) from None
