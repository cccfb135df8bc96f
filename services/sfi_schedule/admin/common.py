"""What every admin write shares: the role check, If-Match and idempotent creates."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
from aiohttp import web

from shared.errors import NotFound, PreconditionFailed, PreconditionRequired
from shared.etag import etag_of_version, json_response
from shared.idempotency import Outcome, idempotency_key, request_fingerprint, run_once
from shared.identity import Identity, identity_of

ADMIN_ROLE = "sfi_admin"


def require_admin(request: web.Request) -> Identity:
    """The caller, who must be an SFI administrator (401 anonymous, 403 others)."""
    identity = identity_of(request)
    identity.require_role(ADMIN_ROLE)
    return identity


def ensure_version(if_match: str | None, version: int) -> None:
    """428 without ``If-Match``, 412 when it names another version than ``version``."""
    if if_match is None:
        raise PreconditionRequired("Send If-Match with the ETag you last read")
    current = etag_of_version(version)
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if if_match.strip() != "*" and current not in tags:
        raise PreconditionFailed("The resource changed since you read it; read it again and retry")


def found(row: Any, what: str) -> Any:
    """``row`` or a 404 naming what was missing."""
    if row is None:
        raise NotFound(f"No such {what}")
    return row


@dataclass(frozen=True, slots=True)
class Once:
    """What makes a create idempotent: who asks, their ``Idempotency-Key``, and a fingerprint of what they asked."""

    consumer: str
    key: str | None
    fingerprint: str


def once_of(request: web.Request, payload: Any) -> Once:
    """The idempotency of a create request: read by the handler, handed to the service."""
    identity = identity_of(request)
    fingerprint = request_fingerprint(request.method, request.path, payload)
    return Once(identity.consumer or identity.sub, idempotency_key(request), fingerprint)


async def run_create(conn: asyncpg.Connection, once: Once, work: Callable[[], Awaitable[dict[str, Any]]]) -> Outcome:
    """Run a create once per ``Idempotency-Key``, in the caller's transaction (a retry gets the first answer)."""

    async def wrapped() -> Outcome:
        return Outcome(201, await work())

    return await run_once(
        conn, schema="sfi", consumer=once.consumer, key=once.key, fingerprint=once.fingerprint, work=wrapped
    )


def versioned(request: web.Request, body: dict[str, Any], *, status: int = 200) -> web.Response:
    """A JSON response whose ETag is the resource's version (for If-Match on the next update)."""
    return json_response(request, body, status=status, etag=etag_of_version(body["version"]))
