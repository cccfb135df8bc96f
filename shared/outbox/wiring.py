"""Install the outbox in a service's app: its settings, the guarded client, the routes per kind, the job."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime

from aiohttp import web

from shared.db import DB_POOL
from shared.metrics import METRICS
from shared.outbound import GuardedClient, Lookup, system_lookup
from shared.outbox.email import EmailChannel, SmtpTransport
from shared.outbox.engine import Outbox, OutboxMetrics, Route, utc_now
from shared.outbox.people import Contacts, Render, email_prepare, sms_prepare
from shared.outbox.settings import OutboxSettings
from shared.outbox.sms import SmsChannel, adapter
from shared.outbox.webhook import WebhookChannel
from shared.scheduler import Job, add_job

OUTBOX_SETTINGS = web.AppKey("outbox_settings", OutboxSettings)
OUTBOX_METRICS = web.AppKey("outbox_metrics", OutboxMetrics)
OUTBOX_ROUTES = web.AppKey("outbox_routes", dict[str, Route])
# Seams a test may replace after create_app and before the app starts: the clock and the name resolver.
OUTBOX_CLOCK = web.AppKey("outbox_clock", Callable[[], datetime])
OUTBOUND_LOOKUP = web.AppKey("outbound_lookup", Callable)
OUTBOUND = web.AppKey("outbound_client", GuardedClient)
RoutesFactory = Callable[[web.Application], Mapping[str, Route]]


def webhook_route(app: web.Application, prepare) -> Route:
    """The webhook kind: Standard Webhooks signed POSTs through the app's guarded client."""
    timing = app[OUTBOX_SETTINGS].timing
    return Route(
        WebhookChannel(app[OUTBOUND], timeout_seconds=timing.timeout_seconds, clock=app[OUTBOX_CLOCK]), prepare
    )


def people_routes(app: web.Application, contacts: Contacts, render: Render) -> dict[str, Route]:
    """E-mail (when an SMTP relay is set) and SMS (when an adapter is) to the people behind subject ids."""
    config = app[OUTBOX_SETTINGS]
    routes = {}
    if config.smtp is not None:
        channel = EmailChannel(SmtpTransport(config.smtp), sender=config.smtp.sender, clock=app[OUTBOX_CLOCK])
        routes["email"] = Route(channel, email_prepare(contacts, render))
    sender = adapter(config.sms_adapter)
    if sender is not None:
        routes["sms"] = Route(SmsChannel(sender), sms_prepare(contacts, render))
    return routes


def outbox_of(app: web.Application) -> Outbox:
    """The app's outbox engine over its pool (cheap: build one per run)."""
    return Outbox(
        app[DB_POOL], app[OUTBOX_ROUTES], app[OUTBOX_SETTINGS].timing,
        clock=app[OUTBOX_CLOCK], metrics=app[OUTBOX_METRICS],
    )  # fmt: skip


async def run(app: web.Application) -> dict[str, int]:
    """The delivery job: work off what is due."""
    return await outbox_of(app).run()


def install_outbox(
    app: web.Application, config: OutboxSettings, *, job_id: str, routes: RoutesFactory, user_agent: str
) -> None:
    """Register settings, metrics, the client's cleanup context and the delivery job; ``routes`` runs at start."""
    app[OUTBOX_SETTINGS] = config
    app[OUTBOX_METRICS] = OutboxMetrics.create(app[METRICS].registry)
    app[OUTBOX_CLOCK] = utc_now
    app[OUTBOUND_LOOKUP] = system_lookup

    async def client_ctx(app: web.Application) -> AsyncIterator[None]:
        lookup: Lookup = app[OUTBOUND_LOOKUP]
        async with GuardedClient(config.policy, lookup=lookup, user_agent=user_agent) as client:
            app[OUTBOUND] = client
            app[OUTBOX_ROUTES] = dict(routes(app))
            yield

    # First in, last out: the client is open before the scheduler starts and closed after it stops.
    app.cleanup_ctx.insert(0, client_ctx)
    add_job(app, Job(job_id, run, config.timing.interval_seconds))
