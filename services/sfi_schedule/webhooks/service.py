"""Webhook use cases: manage subscriptions (URLs checked by the guarded client), fan events out, read the log."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin.common import ADMIN_ROLE, found
from services.sfi_schedule.webhooks import queries
from services.sfi_schedule.webhooks.schemas import CreatedSubscriptionSchema
from shared.db import transaction
from shared.errors import Forbidden, ValidationFailed
from shared.idempotency import Outcome, run_once
from shared.identity import Identity
from shared.outbound import GuardedClient, Refused
from shared.outbox import queries as outbox
from shared.outbox.signing import new_secret

DELIVERY_LOG_LIMIT = 100


def manager(identity: Identity) -> Identity:
    """The caller, who must be an SFI administrator or hold the ``webhooks:manage`` scope."""
    if identity.has_role(ADMIN_ROLE) or identity.has_scope("webhooks:manage"):
        return identity
    identity.require_role(ADMIN_ROLE)
    raise Forbidden("Requires the webhooks:manage scope")


def _owner(identity: Identity) -> str | None:
    return None if identity.has_role(ADMIN_ROLE) else (identity.consumer or identity.sub)


async def create_subscription(
    pool: asyncpg.Pool,
    client: GuardedClient,
    *,
    identity: Identity,
    data: Mapping[str, Any],
    idempotency_key: str | None,
    fingerprint: str,
) -> Outcome:
    """Subscribe a target URL; it must pass the guarded client's checks now (and again at every delivery)."""
    manager(identity)
    try:
        await client.check(data["target_url"])
    except Refused as exc:
        raise ValidationFailed.field("/targetUrl", exc.public) from None
    secret = data.get("secret") or new_secret()
    consumer = identity.consumer or identity.sub

    async def work() -> Outcome:
        row = await queries.insert_subscription(
            conn, id=uuid.uuid4(), consumer=consumer, target_url=data["target_url"],
            resource_types=data["resource_types"], secret=secret, expires_at=data["expires_at"],
        )  # fmt: skip
        return Outcome(201, CreatedSubscriptionSchema().dump({**dict(row), "signing_secret": secret}))

    async with transaction(pool) as conn:
        return await run_once(
            conn, schema="sfi", consumer=consumer, key=idempotency_key, fingerprint=fingerprint, work=work
        )


async def list_subscriptions(pool: asyncpg.Pool, *, identity: Identity) -> list[asyncpg.Record]:
    """The caller's live subscriptions (all of them for an administrator)."""
    manager(identity)
    async with pool.acquire() as conn:
        return await queries.list_subscriptions(conn, consumer=_owner(identity))


async def _own(conn: asyncpg.Connection, identity: Identity, subscription_id: UUID) -> asyncpg.Record:
    manager(identity)
    row = found(await queries.get_subscription(conn, id=subscription_id), "subscription")
    if _owner(identity) not in (None, row["consumer"]):
        found(None, "subscription")
    return row


async def delete_subscription(pool: asyncpg.Pool, *, identity: Identity, subscription_id: UUID) -> None:
    """Stop a subscription (its pending messages are refused, not sent)."""
    async with transaction(pool) as conn:
        row = await _own(conn, identity, subscription_id)
        await queries.delete_subscription(conn, id=row["id"])


async def deliveries(pool: asyncpg.Pool, *, identity: Identity, subscription_id: UUID) -> list[asyncpg.Record]:
    """The newest attempts at a subscription's messages: delivered, refused or failed, nothing more."""
    async with pool.acquire() as conn:
        row = await _own(conn, identity, subscription_id)
        return await outbox.attempts_of_subscription(conn, subscription_id=row["id"], limit=DELIVERY_LOG_LIMIT)


async def enqueue(conn: asyncpg.Connection, *, resource_type: str, event: Mapping[str, Any]) -> int:
    """Fan ``event`` out to every live subscription to ``resource_type``, in the caller's transaction; how many."""
    numbered = await queries.next_sequences(conn, resource_type=resource_type)
    for sub in numbered:
        await outbox.enqueue(
            conn, kind="webhook", topic=event["type"], payload=event, subscription_id=sub["id"],
            sequence=sub["sequence"],
        )  # fmt: skip
    return len(numbered)
