"""Deliver messages to applicants through the shared outbox: e-mail over SMTP, SMS through the adapter."""

from __future__ import annotations

from aiohttp import web

from services.validation.outbox import queries
from services.validation.outbox.texts import render
from shared.outbox.settings import OutboxSettings
from shared.outbox.wiring import install_outbox, people_routes

USER_AGENT = "Lotsen-Validation/2"


def register_delivery(app: web.Application, config: OutboxSettings) -> None:
    """Install the outbox with the e-mail and SMS kinds that are configured (the others wait in the table)."""
    install_outbox(
        app, config, job_id="validation.outbox", user_agent=USER_AGENT,
        routes=lambda a: people_routes(a, queries.contacts, render),
    )  # fmt: skip
