"""Delivery through the shared outbox: webhooks to subscriptions, e-mail and SMS to learners and administrators."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
from aiohttp import web

from services.sfi_schedule.notifications.queries import contacts
from services.sfi_schedule.notifications.texts import render
from services.sfi_schedule.webhooks import queries
from shared.outbox.domain import Claimed
from shared.outbox.engine import Route
from shared.outbox.settings import OutboxSettings
from shared.outbox.webhook import WebhookRequest
from shared.outbox.wiring import install_outbox, people_routes, webhook_route

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


def register_webhooks(
    app: web.Application, config: OutboxSettings, *, admin_emails: tuple[str, ...] = (), admin_language: str = "sv"
) -> None:
    """Install the outbox with its delivery job: webhooks, and e-mail and SMS (those configured) to people.

    Learners are reached at their address and in their language as they are when a message is sent, the
    administrators at ``LOTSEN_SFI_ADMIN_EMAILS`` in ``LOTSEN_SFI_ADMIN_LANGUAGE``.
    """
    people = contacts(admin_emails, admin_language)

    def routes(a: web.Application) -> dict[str, Route]:
        return {"webhook": webhook_route(a, prepare), **people_routes(a, people, render)}

    install_outbox(app, config, job_id="sfi.outbox", routes=routes, user_agent=USER_AGENT)
