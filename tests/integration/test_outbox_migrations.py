"""Upgrading to the shared outbox keeps what was queued: messages, their attempts, and subscribers' secrets."""

from __future__ import annotations

import base64
import shutil
import uuid
from pathlib import Path

import asyncpg
import pytest

from services.registry import SERVICES_DIR
from shared.migrations import migrate
from shared.outbox.signing import secret_key


@pytest.fixture
async def empty_db(pg_admin_url):
    name = f"lotsen_om_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(pg_admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = pg_admin_url.rpartition("/")
    conn = await asyncpg.connect(f"{base}/{name}")
    yield conn
    await conn.close()
    await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    await admin.close()


def migrations_before(package: str, version: int, into: Path) -> Path:
    into.mkdir()
    for path in (SERVICES_DIR / package / "migrations").glob("*.sql"):
        if int(path.name.split("_", 1)[0]) < version:
            shutil.copy(path, into / path.name)
    return into


async def test_sfi_webhook_messages_attempts_and_secrets_move_to_the_shared_outbox(empty_db, tmp_path):
    conn = empty_db
    await migrate(conn, schema="sfi", folder=migrations_before("sfi_schedule", 30, tmp_path / "old"))
    legacy = "legacy-shared-secret-" + "z" * 30
    sub = uuid.uuid4()
    await conn.execute(
        "INSERT INTO sfi.webhook_subscriptions (id, consumer, target_url, resource_types, secret) "
        "VALUES ($1, 'crm', 'https://hooks.example.org/in', '{group}', $2)",
        sub, legacy,
    )  # fmt: skip
    for n, (kind, delivered) in enumerate(
        [("group.published", True), ("group.updated", False), ("group.deleted", False)]
    ):
        await conn.execute(
            "INSERT INTO sfi.webhook_outbox (id, subscription_id, event_id, payload, attempts, delivered_at) "
            "VALUES ($1, $2, $3, $4::jsonb, $5, CASE WHEN $6 THEN now() END)",
            10 + n, sub, uuid.uuid4(), f'{{"type": "{kind}"}}', 1 if delivered else 0, delivered,
        )  # fmt: skip
    await conn.execute(
        "INSERT INTO sfi.webhook_deliveries (subscription_id, outbox_id, attempt, status_code, error, duration_ms) "
        "VALUES ($1, 10, 1, 204, NULL, 5)",
        sub,
    )
    applied = await migrate(conn, schema="sfi", folder=SERVICES_DIR / "sfi_schedule" / "migrations")
    assert 30 in applied
    rows = await conn.fetch(
        "SELECT id, kind, topic, sequence, delivered_at IS NOT NULL AS done FROM sfi.outbox ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [
        (10, "webhook", "group.published", 1, True), (11, "webhook", "group.updated", 2, False),
        (12, "webhook", "group.deleted", 3, False),
    ]  # fmt: skip
    assert [tuple(r) for r in await conn.fetch("SELECT outbox_id, attempt, outcome FROM sfi.outbox_attempts")] == [
        (10, 1, "delivered")
    ]
    secret, last = await conn.fetchrow("SELECT secret, last_sequence FROM sfi.webhook_subscriptions")
    assert secret == "whsec_" + base64.b64encode(legacy.encode()).decode() and last == 3
    assert secret_key(secret) == legacy.encode()  # the same HMAC key: only the signed text changed
    new_id = await conn.fetchval(
        "INSERT INTO sfi.outbox (kind, topic, payload) VALUES ('webhook', 'group.updated', '{}') RETURNING id"
    )
    assert new_id > 12
    assert await conn.fetchval("SELECT to_regclass('sfi.webhook_outbox')") is None


async def test_validation_messages_become_e_mail_or_sms_and_keep_their_attempts(empty_db, tmp_path):
    conn = empty_db
    await migrate(conn, schema="validation", folder=migrations_before("validation", 10, tmp_path / "old"))
    cases = {"mail": uuid.uuid4(), "phone": uuid.uuid4()}
    for name, contact in (("mail", '{"email": "a@example.org"}'), ("phone", '{"phone": "+46 70 000 00 00"}')):
        await conn.execute(
            "INSERT INTO validation.applications "
            "(id, reference, owner_sub, identity_kind, role_code, details, precheck) "
            "VALUES ($1, $2, 'resident-a', 'none', 'underskoterska', jsonb_build_object('contact', $3::jsonb), '{}')",
            cases[name], f"VAL-TEST-{name}", contact,
        )  # fmt: skip
        await conn.execute(
            "INSERT INTO validation.outbox (topic, dedupe_key, application_id, payload, attempts) "
            "VALUES ('applicant.rejected', $1, $2, '{}', 1)",
            f"applicant.rejected:{cases[name]}:v2", cases[name],
        )  # fmt: skip
    await conn.execute(
        "INSERT INTO validation.outbox_deliveries (outbox_id, attempt, status_code, error, duration_ms) "
        "SELECT id, 1, 503, 'HTTP 503', 4 FROM validation.outbox"
    )
    assert 10 in await migrate(conn, schema="validation", folder=SERVICES_DIR / "validation" / "migrations")
    rows = await conn.fetch("SELECT subject_id, kind FROM validation.outbox")
    assert {r["subject_id"]: r["kind"] for r in rows} == {cases["mail"]: "email", cases["phone"]: "sms"}
    attempts = await conn.fetch("SELECT attempt, outcome, detail FROM validation.outbox_attempts")
    assert [tuple(r) for r in attempts] == [(1, "failed", "HTTP 503")] * 2
    assert await conn.fetchval("SELECT to_regclass('validation.outbox_deliveries')") is None
