"""E-mail from the sfi service through the shared outbox, at a real SMTP server (aiosmtpd) in the test.

A seat offer and a reminder before it runs out reach the learner in their language; the results of a
scheduled publication reach the administrators. Two replicas on one database run every job and the
outbox's delivery at once, and each message arrives exactly once. Time is injected (the service clock and
the outbox clock), never waited for.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from services.sfi_schedule.app import create_app
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.enrolment.offers import expire_offers
from services.sfi_schedule.notifications.jobs import run_reminders
from services.sfi_schedule.publications.jobs import run as publish_job
from shared.clock import CLOCK, Clock
from shared.db import DB_POOL
from shared.outbox.wiring import OUTBOX_CLOCK, run
from tests.integration.sfi_enrolment.conftest import (
    Api,
    add_group,
    app_settings,
    make_base,
    make_learner,
    publish,
    resident,
)
from tests.outbox_support import FakeClock, SmtpSink, smtp_sink

PERSONAL_NUMBERS = {"wait-1": "198112189876", "wait-2": "199001011239", "seated": "198507099805"}
ADMINS = "sfi-admin@kommun.example.se,skolchef@kommun.example.se"


def no_personal_number(text: str) -> bool:
    digits = [n for number in PERSONAL_NUMBERS.values() for n in (number, number[2:], number[2:8] + "-" + number[8:])]
    return not any(d in text for d in digits)


sink = smtp_sink(no_personal_number)


class Replicas:
    """Two sfi apps on one database, sharing an injected clock for the service and for the outbox."""

    def __init__(self, clients, clock: FakeClock) -> None:
        self.clients, self.clock = clients, clock
        self.apps = [c.server.app for c in clients]
        self.api = Api(clients[0])

    async def deliver_all(self) -> int:
        """Both replicas run the outbox job at once, twice each; the number delivered between them."""
        outcomes = await asyncio.gather(*(run(app) for app in self.apps * 2))
        return sum(o.get("delivered", 0) for o in outcomes)


@pytest.fixture
async def replicas(make_client, settings_env, db_url, sink) -> Replicas:
    clock = FakeClock(datetime.now(UTC))
    clients = []
    for _ in range(2):
        env = {**sink.env(), "LOTSEN_SMS_ADAPTER": "off", "LOTSEN_SFI_ADMIN_EMAILS": ADMINS,
               "LOTSEN_SFI_ADMIN_LANGUAGE": "en"}  # fmt: skip
        app = create_app(app_settings(settings_env, db_url, **env))
        app[OUTBOX_CLOCK] = clock
        app[CLOCK] = Clock(source=clock)
        clients.append(await make_client(app))
    return Replicas(clients, clock)


async def _queue_behind_a_full_group(api: Api) -> tuple[str, dict]:
    s = await make_base(api)
    await add_group(api, s, "SFI A förmiddag", course="A", capacity=1)
    await publish(api)
    group = s.groups["SFI A förmiddag"]
    people = {
        "seated": {"email": "seated@example.org", "preferredLanguage": "sv"},
        "wait-1": {"email": "nour@example.org", "preferredLanguage": "ar"},
        "wait-2": {"email": "sam@example.org", "preferredLanguage": "en"},
    }
    ids = {}
    for sub, contact in people.items():
        await make_learner(api, sub, displayName=sub, personalNumber=PERSONAL_NUMBERS[sub], **contact)
        _, body = await api.call("POST", f"/v1/groups/{group}/enrolments", headers=resident(sub), status=201)
        ids[sub] = body
    return group, ids


async def _offer_of(api: Api, sub: str) -> dict | None:
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident(sub), status=200)
    return mine["offers"][0] if mine["offers"] else None


def _mail_to(sink: SmtpSink, address: str):
    return [mail for rcpt, mail in sink.messages if address in rcpt]


async def test_a_seat_offer_arrives_in_the_learners_language_exactly_once_with_two_replicas(replicas, sink):
    api = replicas.api
    _, ids = await _queue_behind_a_full_group(api)
    assert await replicas.deliver_all() == 0  # nobody has been offered anything yet
    await api.call("POST", f"/v1/enrolments/{ids['seated']['id']}/withdraw", headers=resident("seated"), status=200)
    offer = await _offer_of(api, "wait-1")
    assert offer is not None

    assert await replicas.deliver_all() == 1
    [mail] = _mail_to(sink, "nour@example.org")
    assert len(sink.messages) == 1 and mail["To"] == "nour@example.org"
    assert mail["Content-Language"] == "ar" and mail["Subject"] == "مقعد في SFI A förmiddag لك إن أردته"
    body = mail.get_content()
    deadline = datetime.fromisoformat(offer["expiresAt"]).astimezone(replicas.apps[0][CLOCK].now().tzinfo)
    assert f"{deadline.year} {deadline:%H:%M}" in body  # the answer-by time, in Swedish time
    assert "العرض متاح لك حتى" in body and "(الدورة A)" in body

    # The offer runs out: two replicas expire it at once, and the seat's offer to the next in line is mailed once.
    later = datetime.fromisoformat(offer["expiresAt"]) + timedelta(minutes=1)
    counts = await asyncio.gather(
        *(expire_offers(app[DB_POOL], config=app[CONFIG], now=later) for app in replicas.apps)
    )
    assert sorted(counts) == [0, 1]
    # A replica that runs at the same moment after the first has finished finds nothing due either: the next in
    # line's offer runs from the job's time, not from the database clock (under load the second replica came
    # after the first and expired the new offer too).
    app = replicas.apps[1]
    assert await expire_offers(app[DB_POOL], config=app[CONFIG], now=later) == 0
    assert await replicas.deliver_all() == 1
    [english] = _mail_to(sink, "sam@example.org")
    assert (
        english["Content-Language"] == "en"
        and english["Subject"] == "A seat in SFI A förmiddag is yours if you want it"
    )
    assert "The offer is yours until" in english.get_content()
    assert len(sink.messages) == 2 and len({m["Message-ID"] for _, m in sink.messages}) == 2
    assert await replicas.deliver_all() == 0
    for _, sent in sink.messages:
        assert no_personal_number(sent.as_string())


async def test_a_reminder_goes_out_once_before_the_offer_runs_out(replicas, sink):
    api = replicas.api
    _, ids = await _queue_behind_a_full_group(api)
    await api.call("POST", f"/v1/enrolments/{ids['seated']['id']}/withdraw", headers=resident("seated"), status=200)
    offer = await _offer_of(api, "wait-1")
    expires = datetime.fromisoformat(offer["expiresAt"])
    assert await replicas.deliver_all() == 1  # the offer itself

    replicas.clock.now = expires - timedelta(hours=13)  # not yet within the 12 hours before it runs out
    assert await asyncio.gather(*(run_reminders(app) for app in replicas.apps)) == [0, 0]
    replicas.clock.now = expires - timedelta(hours=6)
    assert sorted(await asyncio.gather(*(run_reminders(app) for app in replicas.apps))) == [0, 1]
    assert await asyncio.gather(*(run_reminders(app) for app in replicas.apps)) == [0, 0]
    assert await replicas.deliver_all() == 1
    reminder = _mail_to(sink, "nour@example.org")[-1]
    assert reminder["Subject"].startswith("تذكير: عرض مقعدك في SFI A förmiddag")
    assert no_personal_number(reminder.as_string())


async def test_the_administrators_hear_how_a_scheduled_publication_went(replicas, sink):
    api = replicas.api
    s = await make_base(api)
    await add_group(api, s, "SFI B kväll", course="B", slots=[{"weekday": 2, "start": "18:00", "end": "20:30",
                                                              "interval": "every"}])  # fmt: skip
    at = replicas.clock.now + timedelta(hours=1)
    _, pub = await api.call("POST", "/v1/publications", json={"publishAt": at.isoformat(), "note": "Vårterminen"},
                            status=201)  # fmt: skip
    assert pub["status"] == "scheduled"
    assert await asyncio.gather(*(publish_job(app) for app in replicas.apps)) == [0, 0]  # not due yet
    replicas.clock.advance(2 * 3600)
    assert sorted(await asyncio.gather(*(publish_job(app) for app in replicas.apps))) == [0, 1]
    assert await replicas.deliver_all() == 1
    [(rcpt, mail)] = sink.messages
    assert sorted(rcpt) == sorted(ADMINS.split(","))
    assert mail["Subject"] == "Scheduled publication carried out: version 1" and mail["Content-Language"] == "en"
    body = mail.get_content()
    assert "Note: Vårterminen" in body and "Version 1 is now public" in body


async def test_a_scheduled_publication_that_is_refused_is_reported_with_its_reason(replicas, sink):
    api = replicas.api
    s = await make_base(api)
    await add_group(api, s, "SFI C", course="C")
    at = replicas.clock.now + timedelta(hours=1)
    _, pub = await api.call("POST", "/v1/publications", json={"publishAt": at.isoformat()}, status=201)
    assert pub["status"] == "scheduled"
    await publish(api)  # the draft goes out now, so the scheduled one has nothing left to publish
    replicas.clock.advance(2 * 3600)
    assert sorted(await asyncio.gather(*(publish_job(app) for app in replicas.apps))) == [0, 0]
    assert await replicas.deliver_all() == 1
    [(_, mail)] = sink.messages
    assert mail["Subject"] == "Scheduled publication not carried out"
    assert "Reason: " in mail.get_content() and "nothing was published" in mail.get_content()
