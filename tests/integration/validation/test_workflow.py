"""The case workflow over HTTP: If-Match, illegal steps, assessment place, withdrawal, the event log."""

from __future__ import annotations

import asyncpg
import pytest

from tests.integration.validation.support import (
    AUDITOR,
    CASEWORKER,
    RESIDENT_A,
    RESIDENT_B,
    future_booking,
    move,
    move_ok,
    submit,
    to_assessed,
    tracking,
)


async def test_caseworker_moves_case_to_assessed_and_the_log_shows_each_step(client):
    case = await to_assessed(client, await submit(client))
    assert case["state"] == "assessed" and case["assessment"]["place"] == "Vårdcentralen Öster"
    log = await (await client.get(f"/v1/applications/{case['id']}/events", headers=CASEWORKER)).json()
    assert [(e["from"], e["to"]) for e in log["data"]] == [
        (None, "submitted"),
        ("submitted", "mapping"),
        ("mapping", "assessment_scheduled"),
        ("assessment_scheduled", "assessed"),
    ]
    assert log["data"][1]["actor"] == "caseworker-1" and log["data"][1]["at"]


async def test_supplement_request_and_back_to_mapping(client):
    case = await move_ok(client, await submit(client), "mapping")
    case = await move_ok(client, case, "supplement_requested", reason="Send course descriptions")
    case = await move_ok(client, case, "mapping")
    assert case["state"] == "mapping"


async def test_illegal_transition_is_409_naming_allowed_states(client):
    case = await submit(client)
    resp = await move(client, case, "assessed")
    assert resp.status == 409
    body = await resp.json()
    assert body["allowed"] == ["mapping", "withdrawn"]


async def test_stale_if_match_is_412_and_missing_is_428(client):
    case = await submit(client)
    await move_ok(client, case, "mapping")
    stale = await move(client, case, "supplement_requested", reason="x")
    assert stale.status == 412
    missing = await client.post(
        f"/v1/applications/{case['id']}/transitions", json={"to": "withdrawn"}, headers=CASEWORKER
    )
    assert missing.status == 428


async def test_assessment_must_not_be_at_applicants_own_workplace(client, db_url):
    case = await move_ok(client, await submit(client), "mapping")
    resp = await move(client, case, "assessment_scheduled", assessment=future_booking("solgårdens Äldreboende"))
    assert resp.status == 422
    assert (await resp.json())["errors"][0]["pointer"] == "/assessment/place"
    missing = await move(client, case, "assessment_scheduled")
    assert (await missing.json())["errors"][0]["pointer"] == "/assessment"
    conn = await asyncpg.connect(db_url)
    try:
        assert await conn.fetchval("SELECT state FROM validation.applications") == "mapping"
    finally:
        await conn.close()


async def test_rejection_needs_a_reason(client):
    case = await move_ok(client, await submit(client), "mapping")
    assert (await move(client, case, "rejected")).status == 422
    assert (await move_ok(client, case, "rejected", reason="Not resident"))["state"] == "rejected"


async def test_anonymous_applicant_withdraws_with_tracking_code(client):
    case = await submit(client)
    resp = await move(client, case, "withdrawn", headers=tracking(case))
    assert resp.status == 200 and (await resp.json())["state"] == "withdrawn"


async def test_applicant_cannot_take_caseworker_steps(client):
    case = await submit(client, RESIDENT_A)
    assert (await move(client, case, "mapping", headers=RESIDENT_A)).status == 403


@pytest.mark.parametrize("headers", [RESIDENT_B, AUDITOR])
async def test_others_cannot_move_a_case(client, headers):
    case = await submit(client, RESIDENT_A)
    resp = await move(client, case, "withdrawn", headers=headers)
    assert resp.status == (404 if headers is RESIDENT_B else 403)


async def test_assignment_needs_if_match_and_a_caseworker(client):
    case = await submit(client, RESIDENT_A)
    url = f"/v1/applications/{case['id']}/assignment"
    assert (await client.put(url, json={"assignee": "caseworker-1"}, headers=CASEWORKER)).status == 428
    ok = await client.put(url, json={"assignee": "caseworker-1"}, headers={**CASEWORKER, "If-Match": '"v1"'})
    assert ok.status == 200 and (await ok.json())["assignedTo"] == "caseworker-1"
    denied = await client.put(url, json={"assignee": "x"}, headers={**RESIDENT_A, "If-Match": '"v2"'})
    assert denied.status == 403


async def test_event_log_is_append_only_in_the_database(client, db_url):
    await submit(client)
    conn = await asyncpg.connect(db_url)
    try:
        for sql in ("UPDATE validation.case_events SET reason = 'x'", "DELETE FROM validation.case_events"):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await conn.execute(sql)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("TRUNCATE validation.audit_log CASCADE")
    finally:
        await conn.close()
