"""Bearer JWTs for people: verification at the gateway and minting of dev tokens."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import jwt

from shared.errors import Unauthorized
from shared.identity import Identity

LEEWAY_SECONDS = 30
PERSON_ROLES = frozenset({"resident", "caseworker", "sfi_admin", "teacher", "auditor", "admin"})


@dataclass(frozen=True, slots=True)
class JwtConfig:
    """How tokens are checked: the HS256 dev secret, issuer and audience."""

    secret: bytes
    issuer: str
    audience: str


def mint_token(config: JwtConfig, *, sub: str, roles: Iterable[str], ttl: int = 12 * 3600, name: str = "") -> str:
    """A dev token signed with the HS256 secret (``lotsen token`` and demo sign-in)."""
    now = int(time.time())
    claims = {
        "sub": sub,
        "roles": sorted(roles),
        "iss": config.issuer,
        "aud": config.audience,
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
    }
    if name:
        claims["name"] = name
    return jwt.encode(claims, config.secret, algorithm="HS256")


def verify_token(config: JwtConfig, token: str, request_id: str = "") -> Identity:
    """Check signature (HS256 only), issuer, audience and expiry; 401 on anything wrong."""
    try:
        claims = jwt.decode(
            token,
            config.secret,
            algorithms=["HS256"],
            audience=config.audience,
            issuer=config.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The bearer token has expired") from None
    except jwt.PyJWTError as exc:
        raise Unauthorized(f"Invalid bearer token: {exc}") from None
    return identity_from_claims(claims, request_id)


def identity_from_claims(claims: dict, request_id: str = "") -> Identity:
    """Turn verified claims into the identity forwarded to services."""
    roles = claims.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise Unauthorized("Invalid bearer token: roles must be a list of strings")
    scope = claims.get("scope", "")
    scopes = scope.split() if isinstance(scope, str) else []
    sub = str(claims["sub"])
    return Identity(
        sub=sub,
        kind="person",
        roles=frozenset(r for r in roles if r in PERSON_ROLES),
        scopes=frozenset(scopes),
        consumer=f"person:{sub}",
        request_id=request_id,
    )
