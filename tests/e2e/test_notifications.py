"""Notifications with real processes: two replicas of each service deliver each e-mail once to a real SMTP
server (aiosmtpd, in a thread of the test), and ``lotsen up --demo`` shows what it sent on its mail page."""

from __future__ import annotations

import email
import email.policy
import threading
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import aiohttp
import asyncpg
import pytest
from aiosmtpd.controller import Controller

from shared.localpg import free_port
from tests.e2e.conftest import Suite, make_home
from tests.e2e.fleet import Fleet
from tests.e2e.gateway_client import bearer
from tests.e2e.test_scale_out import ADMIN, call, published_group
from tests.integration.validation.support import application, future_booking, key
from tests.integration.validation.test_decisions import partial_decision
from tests.waiting import until

pytestmark = pytest.mark.e2e

CASEWORKER = {"sub": "notify-caseworker", "role": "caseworker"}


class Box:
    """What the SMTP server accepted, from its own thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture(scope="module")
def smtp():
    box, port = Box(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
async def fleet(pg_admin_url, template_db, smtp):
    from tests.conftest import clone_database

    _, port = smtp
    name = f"lotsen_notify_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(pg_admin_url)
    await clone_database(admin, template_db, name)
    dsn = f"{pg_admin_url.rpartition('/')[0]}/{name}"
    running = Fleet(dsn, make_home(), extra_env={
        "LOTSEN_SMTP_HOST": "127.0.0.1", "LOTSEN_SMTP_PORT": str(port), "LOTSEN_SMTP_TLS": "off",
        "LOTSEN_SMTP_FROM": "lotsen@kommun.example.se", "LOTSEN_SMS_ADAPTER": "off",
        "LOTSEN_OUTBOX_INTERVAL_SECONDS": "1", "LOTSEN_SFI_OFFER_JOB_SECONDS": "1",
    })  # fmt: skip
    running.start()
    try:
        yield running
    finally:
        running.stop()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def learner(language: str, address: str) -> dict:
    return {"path": 1, "displayName": "Learner", "rightAroseOn": (datetime.now(UTC) - timedelta(days=20)).date()
            .isoformat(), "birthDate": "1990-01-01", "residence": "resident", "email": address,
            "preferredLanguage": language, "personalNumber": "198112189876"}  # fmt: skip


async def test_a_seat_offer_is_mailed_once_in_arabic_by_two_real_sfi_replicas(fleet, smtp):
    box, _ = smtp
    gws = [g.url for g in fleet.of("gateway")]
    seated, waiting = bearer("notify-seated", "resident"), bearer("notify-waiting", "resident")
    async with aiohttp.ClientSession() as http:
        group = await published_group(http, gws[0], capacity=1)
        await call(http, "PUT", f"{gws[0]}/api/sfi/v1/learners/me", json=learner("sv", "s@example.org"),
                   headers=seated, status=201)  # fmt: skip
        await call(http, "PUT", f"{gws[1]}/api/sfi/v1/learners/me", json=learner("ar", "nour@example.org"),
                   headers=waiting, status=201)  # fmt: skip
        url = f"/api/sfi/v1/groups/{group}/enrolments"
        _, first = await call(http, "POST", gws[0] + url, json={}, headers={**seated, **key()}, status=201)
        await call(http, "POST", gws[1] + url, json={}, headers={**waiting, **key()}, status=201)
        await call(http, "POST", f"{gws[1]}/api/sfi/v1/enrolments/{first['id']}/withdraw", json={}, headers=seated,
                   status=200)  # fmt: skip
        _, name = await call(http, "GET", f"{gws[0]}/api/sfi/v1/groups/{group}", headers=ADMIN, status=200)
    await until(lambda: box.to("nour@example.org"), "the seat offer reached the SMTP server")
    await Fleet.ticked(fleet.of("sfi_schedule"), "sfi.outbox", "both sfi replicas ran the outbox job twice more")
    [mail] = box.to("nour@example.org")
    assert mail["Content-Language"] == "ar" and mail["Subject"] == f"مقعد في {name['name']} لك إن أردته"
    assert "العرض متاح لك حتى" in mail.get_content()
    assert box.to("s@example.org") == []  # the seated learner was offered nothing
    assert "198112189876" not in mail.as_string() and "811218-9876" not in mail.as_string()


async def test_a_decision_is_mailed_once_in_swedish_by_two_real_validation_replicas(fleet, smtp):
    box, _ = smtp
    gws = [g.url for g in fleet.of("gateway")]
    worker = bearer(CASEWORKER["sub"], CASEWORKER["role"])
    address = f"applicant-{uuid.uuid4().hex[:6]}@example.org"
    body = application(preferredLanguage="sv", contact={"email": address})
    async with aiohttp.ClientSession() as http:
        base = [f"{gw}/api/validation/v1/applications" for gw in gws]
        _, case = await call(http, "POST", base[0], json=body, headers=key(), status=201)
        for i, (to, extra) in enumerate(
            [("mapping", {}), ("assessment_scheduled", {"assessment": future_booking()}), ("assessed", {})]
        ):
            _, case = await call(http, "POST", f"{base[i % 2]}/{case['id']}/transitions", json={"to": to, **extra},
                                 headers={**worker, "If-Match": f'"v{case["version"]}"'}, status=200)  # fmt: skip
        await call(http, "POST", f"{base[1]}/{case['id']}/decision", json=partial_decision(),
                   headers={**worker, "If-Match": f'"v{case["version"]}"'}, status=200)  # fmt: skip

    def decided() -> list[EmailMessage]:
        return [m for m in box.to(address) if m["Subject"].startswith("Beslut")]

    await until(decided, "the decision reached the SMTP server")
    await Fleet.ticked(fleet.of("validation"), "validation.outbox", "both validation replicas ran the outbox twice")
    [mail] = decided()
    assert mail["Subject"] == f"Beslut i ditt ärende {case['reference']}" and mail["Content-Language"] == "sv"
    assert "delvis validerad" in mail.get_content()
    # receipt, assessment booking, decision: each once
    assert sorted(m["Subject"].split(" ")[0] for m in box.to(address)) == ["Beslut", "Tid", "Vi"]


async def test_the_demo_shows_the_mail_it_sent_on_its_page(suite: Suite):
    async with aiohttp.ClientSession() as http:
        api = f"{suite.url}/api/validation/v1/applications"
        _, case = await call(http, "POST", api, json=application(preferredLanguage="en"), headers=key(), status=201)
        page = f"http://127.0.0.1:{suite.env['LOTSEN_DEMO_MAIL_PORT']}"

        async def receipt() -> dict | None:
            async with http.get(f"{page}/messages.json") as resp:
                kept = await resp.json()
            return next((m for m in kept if case["reference"] in (m["subject"] or "")), None)

        found = await until(receipt, "the receipt reached the demo mail sink")
        async with http.get(f"{page}/") as resp:
            html = await resp.text()
    assert found["subject"] == f"We have received your application {case['reference']}" and found["language"] == "en"
    assert f"We have received your application {case['reference']}" in html
