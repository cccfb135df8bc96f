"""Webhook delivery through the shared outbox: address each message to its subscription when it is sent."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
from aiohttp import web

from services.sfi_schedule.webhooks import queries
from shared.outbox.domain import Claimed
from shared.outbox.settings import OutboxSettings
from shared.outbox.webhook import WebhookRequest
from shared.outbox.wiring import install_outbox, webhook_route

USER_AGENT = "Lotsen-Webhooks/2"


async def prepare(conn: asyncpg.Connection, messages: Sequence[Claimed]) -> dict[int, WebhookRequest]:
    """URL and secret of each message's subscription now; the body is the event with its sequence number.

    A stopped subscription is not addressed, so its pending messages end as refused and are never sent.
    """
    ids = sorted({m.subscription_id for m in messages if m.subscription_id is not None})
    subs = {r["id"]: r for r in await queries.targets(conn, ids=ids)}
    return {
        m.id: WebhookRequest(sub["target_url"], sub["secret"], {**m.payload, "sequence": m.sequence})
        for m in messages
        if (sub := subs.get(m.subscription_id)) is not None
    }


def register_webhooks(app: web.Application, config: OutboxSettings) -> None:
    """Install the outbox with the webhook kind and its delivery job."""
    install_outbox(
        app, config, job_id="sfi.outbox", routes=lambda a: {"webhook": webhook_route(a, prepare)}, user_agent=USER_AGENT
    )
