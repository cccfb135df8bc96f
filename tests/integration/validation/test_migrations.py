"""Data migrations of the validation schema, applied to rows written by the code before them."""

from __future__ import annotations

import json
import shutil
import uuid

import asyncpg
import pytest

from services.validation import MIGRATIONS
from shared.migrations import migrate


@pytest.fixture
async def empty_db(pg_admin_url):
    name = f"lotsen_vm_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(pg_admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = pg_admin_url.rpartition("/")
    yield f"{base}/{name}"
    await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    await admin.close()


async def test_double_encoded_replay_bodies_become_objects_and_old_submissions_get_their_receipt(empty_db, tmp_path):
    before = tmp_path / "before"
    before.mkdir()
    for path in sorted(MIGRATIONS.glob("00[1-5]_*.sql")):
        shutil.copy(path, before / path.name)
    conn = await asyncpg.connect(empty_db)
    try:
        await migrate(conn, schema="validation", folder=before)
        case = uuid.uuid4()
        await conn.execute(
            "INSERT INTO validation.applications"
            " (id, reference, owner_sub, role_code, identity_kind, details, precheck)"
            " VALUES ($1, 'VAL-2025-OLDCASE1', 'resident-a', 'underskoterska', 'none', '{}', '{}')",
            case,
        )
        # What shared.idempotency wrote before: json.dumps(body) sent through the jsonb codec, i.e. a string.
        rows = {"submit": json.dumps(json.dumps({"id": str(case)})), "other": json.dumps(json.dumps({"n": 1}))}
        for name, body in rows.items():
            await conn.execute(
                "INSERT INTO validation.idempotency_keys (consumer, key, request_hash, status, body)"
                " VALUES ('c', $1, 'h', 201, $2::jsonb)",
                name,
                body,
            )
        await migrate(conn, schema="validation", folder=MIGRATIONS)
        stored = {
            r["key"]: r
            for r in await conn.fetch("SELECT key, jsonb_typeof(body) AS t, body FROM validation.idempotency_keys")
        }
    finally:
        await conn.close()
    assert {k: r["t"] for k, r in stored.items()} == {"submit": "object", "other": "object"}
    assert json.loads(stored["other"]["body"]) == {"n": 1}
    receipt = json.loads(stored["submit"]["body"])
    assert receipt["id"] == str(case) and receipt["reference"] == "VAL-2025-OLDCASE1"
    assert (receipt["state"], receipt["version"], receipt["targetRole"]) == ("submitted", 1, "underskoterska")
    assert not {"name", "contact", "trackingCode"} & set(receipt)
