"""The signed identity assertion: the gateway says who is calling, services verify it."""

from __future__ import annotations

import base64
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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_identity(identity: Identity, secret: bytes, *, ttl: float = ASSERTION_TTL, now: float | None = None) -> str:
    """Serialise and sign ``identity``; the assertion expires ``ttl`` seconds from now."""
    exp = (time.time() if now is None else now) + ttl
    doc = {
        "sub": identity.sub,
        "kind": identity.kind,
        "roles": sorted(identity.roles),
        "scopes": sorted(identity.scopes),
        "cid": identity.consumer,
        "rid": identity.request_id,
        "exp": round(exp, 3),
    }
    payload = _b64(json.dumps(doc, separators=(",", ":")).encode())
    mac = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


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
        expected = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(given, expected):
            raise Unauthorized("Invalid identity assertion")
        doc = json.loads(_unb64(payload))
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
    """Refuse any request without a valid assertion, except health and metrics."""
    if request.path not in EXEMPT_PATHS:
        request[IDENTITY] = verify_identity(request.headers.get(HEADER), request.app[INTERNAL_SECRET])
    return await handler(request)
