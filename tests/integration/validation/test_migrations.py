"""Data migrations of the validation schema, run on rows as the code before them wrote them."""

from __future__ import annotations

import json
import uuid

import asyncpg

from services.validation import MIGRATIONS


async def test_double_encoded_replay_bodies_become_objects_and_old_submissions_get_their_receipt(db_url):
    conn = await asyncpg.connect(db_url)  # no jsonb codec: the rows are written exactly as given
    try:
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
        await conn.execute((MIGRATIONS / "006_idempotency_bodies.sql").read_text())
        found = await conn.fetch("SELECT key, jsonb_typeof(body) AS kind, body FROM validation.idempotency_keys")
    finally:
        await conn.close()
    stored = {r["key"]: r for r in found}
    assert {k: r["kind"] for k, r in stored.items()} == {"submit": "object", "other": "object"}
    assert json.loads(stored["other"]["body"]) == {"n": 1}
    receipt = json.loads(stored["submit"]["body"])
    assert receipt["id"] == str(case) and receipt["reference"] == "VAL-2025-OLDCASE1"
    assert (receipt["state"], receipt["version"], receipt["targetRole"]) == ("submitted", 1, "underskoterska")
    assert not {"name", "contact", "trackingCode"} & set(receipt)
