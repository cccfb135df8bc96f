"""The signed identity assertion: the gateway says who is calling, services verify it."""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web

from shared.errors import Forbidden, Unauthorized
from shared.middlewares import Handler

HEADER = "X-Lotsen-Identity"
Kind = Literal["person", "system", "anonymous"]
KINDS = ("person", "system", "anonymous")
ASSERTION_TTL = 30.0  # seconds; covers a slow upstream plus clock skew between hosts
EXEMPT_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is calling: a person, a system (API key) or an anonymous visitor."""

    sub: str
    kind: Kind
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    consumer: str = ""
    request_id: str = ""
    exp: float = 0.0

    def has_role(self, *roles: str) -> bool:
        """True when the caller holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)

    def has_scope(self, *scopes: str) -> bool:
        """True when the caller holds any of ``scopes``."""
        return not self.scopes.isdisjoint(scopes)

    def require_role(self, *roles: str) -> None:
        """Raise 401 for anonymous callers and 403 for callers lacking every one of ``roles``."""
        if self.kind == "anonymous":
            raise Unauthorized("Sign in to do this")
        if not self.has_role(*roles):
            raise Forbidden(f"Requires one of the roles: {', '.join(roles)}")

    @property
    def anonymous(self) -> bool:
        """True for a caller without credentials."""
        return self.kind == "anonymous"


_URLSAFE = bytes.maketrans(b"+/", b"-_")
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")
_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))
_json_str = json.encoder.encode_basestring_ascii
_decode_json = json.JSONDecoder().decode  # json.loads on bytes first sniffs the encoding: slower


class _Mac:
    """HMAC-SHA256 (RFC 2104) with the key's inner and outer blocks hashed once, copied per message.

    Every proxied request is signed by the gateway and verified by a service; ``hmac.digest`` sets up the
    key anew on each call, which costs twice as much as the hashing itself.
    """

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:  # SHA-256's block size
            key = hashlib.sha256(key).digest()
        block = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(block.translate(_IPAD))
        self._outer = hashlib.sha256(block.translate(_OPAD))

    def digest(self, message: bytes) -> bytes:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()


_macs: dict[bytes, _Mac] = {}


def mac_of(secret: bytes, message: bytes) -> bytes:
    """HMAC-SHA256 of ``message`` under ``secret`` (the key schedule is kept per secret)."""
    mac = _macs.get(secret)
    if mac is None:
        if len(_macs) >= 16:  # a handful of secrets in practice (tests build many apps)
            _macs.clear()
        mac = _macs[secret] = _Mac(secret)
    return mac.digest(message)


def _b64(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return binascii.a2b_base64(text.encode("ascii").translate(_FROM_URLSAFE) + b"=" * (-len(text) % 4))


def _json_strings(values: frozenset[str]) -> str:
    return "[" + ",".join(map(_json_str, sorted(values))) + "]"


_who_memo: dict[tuple, str] = {}


def _who(identity: Identity) -> str:
    """The JSON members naming the caller (the same on every request of one caller, so kept)."""
    key = (identity.sub, identity.kind, identity.roles, identity.scopes, identity.consumer)
    text = _who_memo.get(key)
    if text is None:
        if len(_who_memo) >= 4096:  # consumers of anonymous callers are client addresses: keep it bounded
            _who_memo.clear()
        text = _who_memo[key] = (
            f'"sub":{_json_str(identity.sub)},"kind":{_json_str(identity.kind)},'
            f'"roles":{_json_strings(identity.roles)},"scopes":{_json_strings(identity.scopes)},'
            f'"cid":{_json_str(identity.consumer)}'
        )
    return text


def sign_identity(identity: Identity, secret: bytes, *, ttl: float = ASSERTION_TTL, now: float | None = None) -> str:
    """Serialise and sign ``identity``; the assertion expires ``ttl`` seconds from now.

    The JSON is written by hand (the shape is fixed); ``verify_identity`` reads it with ``json.loads``.
    """
    exp = round((time.time() if now is None else now) + ttl, 3)
    doc = f'{{{_who(identity)},"rid":{_json_str(identity.request_id)},"exp":{exp!r}}}'
    payload = _b64(doc.encode())
    return f"{payload}.{_b64(mac_of(secret, payload.encode()))}"


def _strings(value: object) -> Iterable[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Unauthorized("Malformed identity assertion")
    return value


def verify_identity(assertion: str | None, secret: bytes, *, now: float | None = None) -> Identity:
    """Check signature and expiry; raise 401 on a missing, forged, malformed or expired assertion."""
    if not assertion:
        raise Unauthorized("Missing identity assertion; call through the gateway")
    payload, _, mac = assertion.partition(".")
    try:
        given = _unb64(mac)
        expected = mac_of(secret, payload.encode())
        if not hmac.compare_digest(given, expected):
            raise Unauthorized("Invalid identity assertion")
        doc = _decode_json(_unb64(payload).decode())
    except (ValueError, UnicodeError):
        raise Unauthorized("Malformed identity assertion") from None
    if not isinstance(doc, dict) or doc.get("kind") not in KINDS:
        raise Unauthorized("Malformed identity assertion")
    exp = doc.get("exp")
    if not isinstance(exp, int | float) or exp < (time.time() if now is None else now):
        raise Unauthorized("Expired identity assertion")
    return Identity(
        sub=str(doc.get("sub", "")),
        kind=doc["kind"],
        roles=frozenset(_strings(doc.get("roles", []))),
        scopes=frozenset(_strings(doc.get("scopes", []))),
        consumer=str(doc.get("cid", "")),
        request_id=str(doc.get("rid", "")),
        exp=float(exp),
    )


IDENTITY = web.RequestKey("identity", Identity)
INTERNAL_SECRET = web.AppKey("internal_secret", bytes)


def identity_of(request: web.Request) -> Identity:
    """The verified caller of this request."""
    return request[IDENTITY]


@web.middleware
async def identity_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse any request without a valid assertion, except health and metrics.

    A request the router could not place (unknown path: 404, undeclared method: 405 with ``Allow``) gets that
    answer before authentication: the route table is public (the OpenAPI document), so this tells nothing new.
    """
    if request.match_info.http_exception is not None:
        return await handler(request)
    if request.path not in EXEMPT_PATHS:
        request[IDENTITY] = verify_identity(request.headers.get(HEADER), request.app[INTERNAL_SECRET])
    return await handler(request)
