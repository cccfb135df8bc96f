"""The caseworker queue, the applicant's overview in Swedish and English, statistics, protected identities."""

from __future__ import annotations

import asyncpg
import pytest

from tests.integration.validation.support import (
    AUDITOR,
    CASEWORKER,
    RESIDENT_A,
    move_ok,
    submit,
    tracking,
)


async def test_queue_pages_oldest_first_with_filters(client):
    ids = [(await submit(client, RESIDENT_A))["id"] for _ in range(3)]
    await submit(client, RESIDENT_A, targetRole="barnskotare")
    first = await client.get("/v1/cases?limit=2&role=underskoterska", headers=CASEWORKER)
    page = await first.json()
    assert [c["id"] for c in page["data"]] == ids[:2] and 'rel="next"' in first.headers["Link"]
    nxt = await (
        await client.get(f"/v1/cases?limit=2&role=underskoterska&pageToken={page['pageToken']}", headers=CASEWORKER)
    ).json()
    assert [c["id"] for c in nxt["data"]] == ids[2:] and nxt["pageToken"] is None


async def test_queue_filters_by_state_and_assignment(client):
    case = await submit(client, RESIDENT_A)
    await submit(client, RESIDENT_A)
    await move_ok(client, case, "mapping")
    mapping = await (await client.get("/v1/cases?state=mapping", headers=CASEWORKER)).json()
    assert [c["id"] for c in mapping["data"]] == [case["id"]]
    current = await (await client.get(f"/v1/applications/{case['id']}", headers=CASEWORKER)).json()
    await client.put(
        f"/v1/applications/{case['id']}/assignment",
        json={"assignee": "caseworker-1"},
        headers={**CASEWORKER, "If-Match": f'"v{current["version"]}"'},
    )
    mine = await (await client.get("/v1/cases?assignedToMe=true", headers=CASEWORKER)).json()
    assert [c["id"] for c in mine["data"]] == [case["id"]]
    waiting = await (await client.get("/v1/cases?waitingLongerThanDays=5", headers=CASEWORKER)).json()
    assert waiting["data"] == []


@pytest.mark.parametrize(("headers", "status"), [(RESIDENT_A, 403), (AUDITOR, 200)])
async def test_queue_is_for_staff(client, headers, status):
    assert (await client.get("/v1/cases", headers=headers)).status == status


async def test_protected_identity_is_listed_without_name_and_every_read_is_audited(client, db_url):
    case = await submit(client, RESIDENT_A, protectedIdentity=True)
    listed = await (await client.get("/v1/cases", headers=CASEWORKER)).json()
    assert listed["data"][0]["name"] is None
    await client.get(f"/v1/applications/{case['id']}", headers=AUDITOR)
    await client.get(f"/v1/applications/{case['id']}", headers=RESIDENT_A)
    conn = await asyncpg.connect(db_url)
    try:
        rows = await conn.fetch("SELECT action, actor FROM validation.audit_log ORDER BY id")
    finally:
        await conn.close()
    assert [(r["action"], r["actor"]) for r in rows] == [
        ("application.listed", "caseworker-1"),
        ("application.read", "auditor-1"),
        ("application.read", "resident-a"),
    ]


@pytest.mark.parametrize(
    ("lang", "state_text", "advice_start"),
    [("sv", "Ansökan har kommit in", "Svenska först"), ("en", "Application received", "Swedish first")],
)
async def test_applicant_overview_in_swedish_and_english(client, lang, state_text, advice_start):
    case = await submit(client)
    resp = await client.get(f"/v1/applications/{case['id']}/overview?lang={lang}", headers=tracking(case))
    body = await resp.json()
    assert body["state"]["text"] == state_text and body["nextStep"]["key"] == "next_step.submitted"
    assert body["advice"][0]["text"].startswith(advice_start)
    assert body["missingDocuments"][0]["kind"] == "diploma"
    assert body["decision"] is None and body["certificateUrl"] is None


async def test_statistics_for_staff_count_states_and_roles(client):
    await submit(client, RESIDENT_A)
    case = await submit(client, RESIDENT_A, targetRole="barnskotare")
    await move_ok(client, case, "mapping")
    stats = await (await client.get("/v1/statistics", headers=AUDITOR)).json()
    assert stats["byState"] == {"submitted": 1, "mapping": 1}
    assert stats["byRole"] == {"underskoterska": 1, "barnskotare": 1}
    assert stats["medianDaysToDecision"] is None
    assert (await client.get("/v1/statistics", headers=RESIDENT_A)).status == 403
