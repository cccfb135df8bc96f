"""Helpers for tests: fixed test secrets and the identity header the gateway would attach."""

from __future__ import annotations

from shared.identity import HEADER, Identity, sign_identity

INTERNAL_SECRET = "test-internal-secret-" + "x" * 32
JWT_SECRET = "test-jwt-secret-" + "y" * 32


def identity_header(
    sub: str = "person-1",
    *,
    kind: str = "person",
    roles: tuple[str, ...] = ("resident",),
    scopes: tuple[str, ...] = (),
    secret: str = INTERNAL_SECRET,
    ttl: float = 30,
) -> dict[str, str]:
    """The header the gateway would attach for this caller."""
    ident = Identity(sub=sub, kind=kind, roles=frozenset(roles), scopes=frozenset(scopes), consumer=sub)
    return {HEADER: sign_identity(ident, secret.encode(), ttl=ttl)}


def anonymous_header() -> dict[str, str]:
    """The header for an anonymous visitor."""
    return identity_header("anonymous", kind="anonymous", roles=())
