"""Bearer JWTs for people: verification at the gateway and minting of dev tokens.

Algorithms are chosen by the gateway, never by the token: HS256 is checked only against the shared
secret and RS256/ES256 only against keys from the JWKS, so a token "signed" with the public key as an
HMAC secret (algorithm confusion) and ``alg: none`` are refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

import jwt

from services.gateway.jwks import ASYMMETRIC, JwksCache
from shared.errors import Unauthorized
from shared.identity import Identity

LEEWAY_SECONDS = 30
MAX_HEADER = 2048  # characters of a token's encoded header; a real one is well under 200
PERSON_ROLES = frozenset({"resident", "caseworker", "sfi_admin", "teacher", "auditor", "admin", "workplace_contact"})
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="lotsen", error="invalid_token"'}


@dataclass(frozen=True, slots=True)
class JwtConfig:
    """How tokens are checked: the HS256 secret (if accepted), issuer and audience."""

    secret: bytes
    issuer: str
    audience: str
    accept_hs256: bool = True


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


def unverified_header(token: str) -> dict:
    """The token's JOSE header, not yet trusted: read only to choose the key and algorithm.

    ``jwt.decode`` then parses and checks the whole token again, header included; PyJWT's own
    ``get_unverified_header`` would check every character of all three parts a first time (in Python, a
    sixth of the gateway's CPU on a request with a new token).
    """
    head, dot, _ = token.partition(".")
    try:
        if not dot or len(head) > MAX_HEADER:
            raise ValueError("no header")
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise _refuse("Invalid bearer token: malformed") from None
    if not isinstance(header, dict):
        raise _refuse("Invalid bearer token: malformed")
    return header


def _refuse(detail: str) -> Unauthorized:
    return Unauthorized(detail, headers=_CHALLENGE)


async def _key_for(config: JwtConfig, jwks: JwksCache | None, header: dict) -> tuple[object, str]:
    alg = header.get("alg")
    if alg == "HS256" and config.accept_hs256:
        return config.secret, alg
    if alg in ASYMMETRIC and jwks is not None:
        kid = header.get("kid")
        key = await jwks.key_for(kid if isinstance(kid, str) else None)
        if key is None or key.algorithm_name != alg:
            raise _refuse("Invalid bearer token: unknown signing key")
        return key.key, alg
    raise _refuse(f"Invalid bearer token: algorithm {alg!r} is not accepted")


async def verify_token(config: JwtConfig, token: str, request_id: str = "", jwks: JwksCache | None = None) -> Identity:
    """Check algorithm, signature, issuer, audience and expiry (with a small leeway); 401 on anything wrong."""
    key, alg = await _key_for(config, jwks, unverified_header(token))
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[alg],
            audience=config.audience,
            issuer=config.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise _refuse("The bearer token has expired") from None
    except jwt.PyJWTError as exc:
        raise _refuse(f"Invalid bearer token: {exc}") from None
    return identity_from_claims(claims, request_id)


def identity_from_claims(claims: dict, request_id: str = "") -> Identity:
    """Turn verified claims into the identity forwarded to services."""
    roles = claims.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise _refuse("Invalid bearer token: roles must be a list of strings")
    sub = str(claims["sub"])
    # A person's token may carry an OAuth "scope" claim (the identity provider's, or one the person asked
    # for); it is never taken as system scopes, which only API keys hold: a resident with
    # "scope: webhooks:manage" is still a resident.
    return Identity(
        sub=sub,
        kind="person",
        roles=frozenset(r for r in roles if r in PERSON_ROLES),
        consumer=f"person:{sub}",
        request_id=request_id,
    )
