"""``Idempotency-Key`` for POSTs that create: a retry gets the first answer, never a duplicate.

The key row is inserted in the same transaction as the work. A concurrent retry blocks on the
primary key until the first transaction ends, then reads the stored answer; if the first rolled back,
the retry does the work itself. Each service keeps its own ``<schema>.idempotency_keys`` table (created by
its first migration); the stored answer is real jsonb.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
from aiohttp import web

from shared.errors import BadRequest, ValidationFailed

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


@dataclass(frozen=True, slots=True)
class Outcome:
    """A stored or fresh answer to a create request.

    ``keep`` is what a replay answers, when that is not the whole ``body``: an answer holding personal data
    or a one-time secret keeps only its public part with the key.
    """

    status: int
    body: Any
    replayed: bool = False
    keep: Any = None


def idempotency_key(request: web.Request, *, required: bool = False) -> str | None:
    """Read and check the header (printable ASCII, at most 255 characters)."""
    key = request.headers.get(HEADER)
    if key is None:
        if required:
            raise BadRequest(f"{HEADER} header is required for this request")
        return None
    if not _KEY.match(key):
        raise ValidationFailed.field("/headers/Idempotency-Key", "must be 1-255 printable ASCII characters")
    return key


def request_fingerprint(*parts: Any) -> str:
    """Hash what the request asked for, so a key reused for a different request is refused."""
    raw = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()


async def purge_expired(conn: asyncpg.Connection, *, schema: str, hours: int) -> int:
    """Forget keys older than ``hours`` (a retry after that is a new request); safe on every replica at once."""
    status = await conn.execute(
        f"DELETE FROM {schema}.idempotency_keys WHERE created_at < now() - make_interval(hours => $1)",  # noqa: S608
        hours,
    )
    return int(status.split()[-1])


def claim_statement(schema: str, first: int = 1) -> str:
    """The claim of a key as SQL: ``$first``, ``$first+1``, ``$first+2`` are consumer, key and fingerprint.

    Returns a row (``true``) when this request won the key; none when the key is taken, after waiting for a
    transaction that holds it to end, or when the key is null. :func:`run_once` runs it on its own; a caller
    that must save the round trip runs it as a CTE of its first statement, then calls :func:`replay` when it
    lost (an enrolment: ``sfi_schedule/enrolment/queries.py``).
    """
    c, k, h = first, first + 1, first + 2
    return (
        f"INSERT INTO {schema}.idempotency_keys (consumer, key, request_hash) "
        f"SELECT ${c}::text, ${k}::text, ${h}::text WHERE ${k}::text IS NOT NULL ON CONFLICT DO NOTHING RETURNING true"
    )


async def run_once(
    conn: asyncpg.Connection,
    *,
    schema: str,
    consumer: str,
    key: str | None,
    fingerprint: str,
    work: Callable[[], Awaitable[Outcome]],
) -> Outcome:
    """Do ``work`` once per (consumer, key); call inside the transaction that does the work."""
    if key is None:
        return await work()
    if not await conn.fetchval(claim_statement(schema), consumer, key, fingerprint):
        return await replay(conn, schema=schema, consumer=consumer, key=key, fingerprint=fingerprint)
    outcome = await work()
    table = f"{schema}.idempotency_keys"
    await conn.execute(
        # Sent as text and cast once, so it is stored as a JSON value whether or not the connection has a
        # jsonb codec (json.dumps before a codec's own json.dumps stored a JSON *string*).
        f"UPDATE {table} SET status = $3, body = $4::text::jsonb WHERE consumer = $1 AND key = $2",  # noqa: S608
        consumer,
        key,
        outcome.status,
        json.dumps(outcome.body if outcome.keep is None else outcome.keep, default=str),
    )
    return outcome


async def replay(conn: asyncpg.Connection, *, schema: str, consumer: str, key: str, fingerprint: str) -> Outcome:
    """The first answer to a key this request did not win; 422 when the key was used for another request."""
    row = await conn.fetchrow(
        f"SELECT request_hash, status, body FROM {schema}.idempotency_keys WHERE consumer = $1 AND key = $2",  # noqa: S608
        consumer,
        key,
    )
    return replayed(row["request_hash"], row["status"], row["body"], fingerprint=fingerprint)


def replayed(request_hash: str, status: int, body: Any, *, fingerprint: str) -> Outcome:
    """A stored answer (its row read by the caller) as the replay of this request, or 422 for another request."""
    if request_hash != fingerprint:
        raise ValidationFailed.field("/headers/Idempotency-Key", "was already used for a different request")
    return Outcome(status, _stored(body), replayed=True)


def _stored(body: Any) -> Any:
    """A stored answer as a value: text from a connection without a jsonb codec is parsed, and so is a body
    written double-encoded (a JSON string) before the fix, until its key expires."""
    for _ in range(2):
        if isinstance(body, str):
            body = json.loads(body)
    return body
