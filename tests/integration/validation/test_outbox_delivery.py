"""Messages to applicants: queued with the change, sent as e-mail (a real in-process SMTP server) or SMS.

The engine's own rules (leases, fencing, backoff, exactly once) are tested once, in
tests/integration/test_outbox_engine.py; here is what is particular to the validation service.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid

import pytest

from services.validation.app import create_app
from services.validation.config import ValidationConfig
from services.validation.jobs.service import purge_expired, send_supplement_reminders
from shared.db import DB_POOL
from shared.outbox.wiring import OUTBOX_CLOCK, run
from shared.settings import load_settings
from tests.integration.validation.support import CASEWORKER, RESIDENT_A, future_booking, move, move_ok, submit
from tests.integration.validation.support import to_assessed as walk_to_assessed
from tests.integration.validation.test_decisions import partial_decision
from tests.languages import catalogue_keyed
from tests.outbox_support import FakeClock, smtp_sink

IDENTITY_DIGITS = ("811218", "19811218", "9876")  # the example applicant's personnummer, in any form


class Service:
    """A validation app (one replica) with its outbox clock; ``deliver`` runs its outbox job once."""

    def __init__(self, client, clock: FakeClock) -> None:
        self.client, self.clock = client, clock

    @property
    def pool(self):
        return self.client.server.app[DB_POOL]

    async def deliver(self) -> dict[str, int]:
        return await run(self.client.server.app)


@pytest.fixture
def start(make_client, settings_env, db_url):
    """Start a replica with extra settings (every replica of a test shares one clock)."""
    clock = FakeClock()

    async def factory(**env: str) -> Service:
        app = create_app(load_settings({**settings_env, "DATABASE_URL": db_url, "LOTSEN_SMS_ADAPTER": "off", **env}))
        app[OUTBOX_CLOCK] = clock
        return Service(await make_client(app), clock)

    return factory


@pytest.fixture
async def service(start, sink) -> Service:
    return await start(**sink.env())


async def supplement_requested(client, reason: str = "Please add course descriptions", **changes) -> dict:
    case = await move_ok(client, await submit(client, RESIDENT_A, **changes), "mapping")
    return await move_ok(client, case, "supplement_requested", reason=reason)


async def decide(client, case):
    return await client.post(
        f"/v1/applications/{case['id']}/decision",
        json=partial_decision(),
        headers={**CASEWORKER, "If-Match": f'"v{case["version"]}"'},
    )


def no_identity_number(text: str) -> bool:
    return not any(digits in text for digits in IDENTITY_DIGITS)


sink = smtp_sink(no_identity_number)


async def test_a_supplement_request_arrives_as_an_e_mail_in_the_applicants_language(service, sink):
    case = await supplement_requested(service.client)
    assert await service.deliver() == {"delivered": 2}  # the receipt, then the request
    assert await service.deliver() == {}
    [(rcpt, mail)] = [m for m in sink.messages if m[1]["Subject"].startswith("More documents")]
    assert rcpt == ["amina@example.org"] and mail["To"] == "amina@example.org"
    assert mail["From"] == "lotsen@kommun.example.se" and mail["Content-Language"] == "en"
    assert mail["Subject"] == f"More documents needed in your case {case['reference']}"
    body = mail.get_content()
    assert "Please add course descriptions" in body and case["reference"] in body
    assert no_identity_number(mail.as_string())
    stored = await service.pool.fetchrow(
        "SELECT kind, payload, event_id FROM outbox WHERE topic = 'applicant.supplement_requested'"
    )
    assert stored["kind"] == "email" and mail["Message-ID"] == f"<{stored['event_id']}@kommun.example.se>"
    assert "amina" not in json.dumps(stored["payload"]).lower()  # the address is read when sending, never stored


async def test_a_decision_arrives_in_swedish_with_the_gap_list_exactly_once_with_two_replicas(start, sink):
    replicas = [await start(**sink.env()), await start(**sink.env())]
    case = await walk_to_assessed(
        replicas[0].client, await submit(replicas[0].client, RESIDENT_A, preferredLanguage="sv")
    )
    assert (await decide(replicas[0].client, case)).status == 200
    # the receipt, the assessment booking, the decision
    queued = await replicas[0].pool.fetchval("SELECT count(*) FROM outbox")
    outcomes = await asyncio.gather(*(r.deliver() for r in replicas * 2))
    assert sum(o.get("delivered", 0) for o in outcomes) == queued == len(sink.messages) == 3
    assert len({m["Message-ID"] for _, m in sink.messages}) == 3
    [(_, mail)] = [m for m in sink.messages if "Beslut" in m[1]["Subject"]]
    assert mail["Subject"] == f"Beslut i ditt ärende {case['reference']}" and mail["Content-Language"] == "sv"
    body = mail.get_content()
    assert "undersköterska" in body.lower() and "delvis validerad" in body.lower()
    assert "Kurser kvar att läsa:" in body and "Validerade poäng: 550. Poäng kvar att läsa: 950." in body
    assert no_identity_number(mail.as_string()) and "Amina" not in body


async def test_a_relay_that_says_try_later_gets_the_same_message_again_after_the_backoff(service, sink):
    sink.data_answer = lambda n: "451 4.3.0 Try again later" if n == 1 else "250 OK"
    await supplement_requested(service.client)
    # The receipt and the request go out together: whichever reached the relay first was told "try later".
    assert await service.deliver() == {"retry": 1, "delivered": 1}
    [(_, delivered_first)] = sink.messages
    service.clock.advance(10)
    assert await service.deliver() == {"delivered": 1}
    first = sink.refused[0].decode()
    [(_, mail)] = [m for m in sink.messages if f"Message-ID: {m[1]['Message-ID']}" in first]
    assert mail is sink.messages[1][1] and mail["Message-ID"] != delivered_first["Message-ID"]
    assert mail["Subject"] in first  # the same message again: a duplicate can be recognised downstream


async def test_an_address_the_relay_refuses_for_good_is_not_retried(service, sink):
    sink.rcpt_answer = lambda address: "550 5.1.1 No such user"
    await supplement_requested(service.client)
    assert await service.deliver() == {"refused": 2}
    service.clock.advance(86400)
    assert await service.deliver() == {} and sink.messages == []


async def test_an_applicant_without_e_mail_gets_an_sms_through_the_adapter(start, caplog):
    service = await start(LOTSEN_SMS_ADAPTER="log")
    case = await supplement_requested(service.client, contact={"phone": "+46 70 123 45 67"})
    with caplog.at_level(logging.INFO, logger="lotsen.outbox.sms"):
        assert await service.deliver() == {"delivered": 2}
    sent = [r.fields for r in caplog.records if r.name == "lotsen.outbox.sms"]  # sent together: in either order
    [record] = [f for f in sent if "More documents" in f["text"]]
    assert record["to"] == "…67" and case["reference"] in record["text"]
    assert len(sent) == 2 and any("received your application" in f["text"] for f in sent)
    assert {r["kind"] for r in await service.pool.fetch("SELECT kind FROM outbox")} == {"sms"}


async def test_a_personnummer_typed_into_a_reason_never_reaches_the_e_mail(service, sink):
    await supplement_requested(service.client, reason="Send the ID for 19811218-9876 and 8112189876 again")
    await service.deliver()
    [(_, mail)] = [m for m in sink.messages if m[1]["Subject"].startswith("More documents")]
    assert no_identity_number(mail.as_string()) and mail.get_content().count("[personnummer]") == 2


async def test_supplement_reminders_that_the_job_writes_are_delivered(service, sink, db_url):
    case = await supplement_requested(service.client)
    await service.pool.execute("UPDATE applications SET state_changed_at = now() - interval '15 days'")
    config = ValidationConfig(supplement_reminder_days=14)
    assert await send_supplement_reminders(service.pool, config=config) == [uuid.UUID(case["id"])]
    assert await send_supplement_reminders(service.pool, config=config) == []
    assert await service.deliver() == {"delivered": 3}  # the receipt, the request, the reminder
    subjects = sorted(m["Subject"] for _, m in sink.messages)
    assert subjects[1] == f"Reminder: documents needed in your case {case['reference']}"


async def test_without_an_smtp_relay_e_mails_wait_and_go_out_once_one_is_set(start, sink):
    waiting = await start()
    await supplement_requested(waiting.client)
    assert await waiting.deliver() == {}
    assert await waiting.pool.fetchval("SELECT max(attempts) FROM outbox") == 0
    assert await (await start(**sink.env())).deliver() == {"delivered": 2}


async def test_a_purged_case_has_nobody_to_send_to_and_its_messages_are_forgotten(service, sink):
    case = await move_ok(service.client, await submit(service.client, RESIDENT_A), "mapping")
    await move_ok(service.client, case, "rejected", reason="Not eligible")
    await service.pool.execute("UPDATE applications SET state_changed_at = now() - interval '13 months'")
    assert await service.pool.fetchval("SELECT count(*) FROM outbox") == 2  # the receipt, the rejection
    assert len(await purge_expired(service.pool, config=ValidationConfig())) == 1
    assert await service.pool.fetchval("SELECT count(*) FROM outbox") == 0
    assert await service.deliver() == {} and sink.messages == []


async def test_a_decision_queues_its_facts_in_its_transaction(client):
    case = await walk_to_assessed(client, await submit(client, RESIDENT_A))
    assert (await decide(client, case)).status == 200
    pool = client.server.app[DB_POOL]
    payload = await pool.fetchval("SELECT payload FROM outbox WHERE topic = 'applicant.decision'")
    assert payload["reference"] == case["reference"] and payload["outcome"] == "partial"
    assert payload["roleTitle"] == {"sv": "Undersköterska", "en": "Assistant nurse"}
    assert (payload["pointsValidated"], payload["pointsRemaining"]) == (550, 950)
    assert "OMVOMV01" in [g["code"] for g in payload["gapList"]]
    text = json.dumps(payload)
    assert no_identity_number(text) and "Amina" not in text and "@" not in text


async def test_a_rolled_back_decision_leaves_no_message(client):
    case = await walk_to_assessed(client, await submit(client, RESIDENT_A))
    pool = client.server.app[DB_POOL]
    # The audit entry is the decision transaction's last write; make it fail after the message was queued.
    await pool.execute(
        """
        CREATE FUNCTION fail_decision_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.action = 'decision.recorded' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER fail_decision_audit BEFORE INSERT ON audit_log
            FOR EACH ROW EXECUTE FUNCTION fail_decision_audit();
        """
    )
    assert (await decide(client, case)).status == 500
    assert await pool.fetchval("SELECT count(*) FROM outbox WHERE topic = 'applicant.decision'") == 0
    assert await pool.fetchval("SELECT count(*) FROM decisions") == 0


@pytest.mark.parametrize(
    ("steps", "topics"),
    [
        (["mapping"], []),
        (["mapping", "supplement_requested"], ["applicant.supplement_requested"]),
        (
            ["mapping", "supplement_requested", "mapping", "supplement_requested"],
            ["applicant.supplement_requested"] * 2,
        ),
        (["mapping", "assessment_scheduled"], ["applicant.assessment_scheduled"]),
        (["mapping", "rejected"], ["applicant.rejected"]),
        (["withdrawn"], []),
    ],
)
async def test_workflow_steps_the_applicant_must_hear_about_queue_a_message(client, steps, topics):
    case = await submit(client, RESIDENT_A)
    for step in steps:
        extra = {"assessment": future_booking()} if step == "assessment_scheduled" else {"reason": "A reason"}
        resp = await move(client, case, step, RESIDENT_A if step == "withdrawn" else CASEWORKER, **extra)
        assert resp.status == 200, await resp.text()
        case = await resp.json()
    rows = await client.server.app[DB_POOL].fetch("SELECT kind, topic, payload FROM outbox ORDER BY id")
    assert [r["topic"] for r in rows] == ["applicant.receipt", *topics] and {r["kind"] for r in rows} <= {"email"}
    if topics == ["applicant.assessment_scheduled"]:
        assert rows[1]["payload"]["assessment"] == future_booking()


async def test_the_outbox_counts_attempts_in_the_services_metrics(service, sink):
    await supplement_requested(service.client)
    await service.deliver()
    metrics = await (await service.client.get("/metrics")).text()
    assert (
        'lotsen_outbox_attempts_total{kind="email",outcome="delivered",topic="applicant.supplement_requested"} 1.0'
        in metrics
    )


async def test_a_new_application_gets_a_receipt_in_arabic(service, sink):
    case = await submit(service.client, preferredLanguage="ar")  # anonymous: it gets a tracking code
    assert case["trackingCode"]
    assert await service.deliver() == {"delivered": 1}
    [(rcpt, mail)] = sink.messages
    assert rcpt == ["amina@example.org"] and mail["Content-Language"] == "ar"
    assert mail["Subject"] == f"استلمنا طلبك {case['reference']}"
    body = mail.get_content()
    assert f"رقم ملفك هو {case['reference']}" in body
    assert catalogue_keyed("ar", "role.underskoterska") in body and "Assistant nurse" not in body  # the Arabic title
    assert case["trackingCode"] not in mail.as_string()  # a secret: shown once on the page, never e-mailed


async def test_a_decision_in_english_arrives_once_when_two_replicas_deliver_at_once(start, sink):
    replicas = [await start(**sink.env()), await start(**sink.env())]
    case = await walk_to_assessed(replicas[1].client, await submit(replicas[1].client, RESIDENT_A))
    assert (await decide(replicas[1].client, case)).status == 200
    results = await asyncio.gather(*(r.deliver() for r in replicas * 3))
    assert sum(r.get("delivered", 0) for r in results) == 3 and sum(r.get("superseded", 0) for r in results) == 0
    [decision] = [m for _, m in sink.messages if m["Subject"] == f"Decision in your case {case['reference']}"]
    assert decision["Content-Language"] == "en" and "partly validated" in decision.get_content()
    assert "Courses left to take:" in decision.get_content()
