"""The auditors' audit-log API: filters by case, actor, action and time, keyset pages, and audited reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from tests.helpers import Fresh, identity_header
from tests.integration.validation.support import AUDITOR, CASEWORKER, RESIDENT_A, submit, upload

AUDITOR_2 = Fresh(lambda: identity_header("auditor-2", roles=("auditor",)))


async def _entries(client, query: str = "", headers=AUDITOR) -> dict:
    resp = await client.get(f"/v1/audit-log{query}", headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def _protected_reads(client, count: int) -> dict:
    """A protected case read ``count`` times by the caseworker (each read is one audit entry)."""
    case = await submit(client, RESIDENT_A, protectedIdentity=True)
    for _ in range(count):
        assert (await client.get(f"/v1/applications/{case['id']}", headers=CASEWORKER)).status == 200
    return case


async def test_filters_by_case_actor_and_action(client):
    case = await _protected_reads(client, 2)
    other = await _protected_reads(client, 1)
    assert (await upload(client, case, RESIDENT_A)).status == 201
    by_case = await _entries(client, f"?applicationId={case['id']}")
    assert {e["applicationId"] for e in by_case["data"]} == {case["id"]}
    by_actor = await _entries(client, f"?actor=caseworker-1&applicationId={case['id']}")
    assert [e["action"] for e in by_actor["data"]] == ["application.read", "application.read"]
    uploads = await _entries(client, "?action=document.upload")
    assert [(e["applicationId"], e["actorRole"]) for e in uploads["data"]] == [(case["id"], "applicant")]
    reads = await _entries(client, "?action=application.read&actor=caseworker-1")
    assert [e["applicationId"] for e in reads["data"]].count(other["id"]) == 1


async def test_filters_by_time_with_an_explicit_offset(client):
    await _protected_reads(client, 1)
    now = datetime.now(UTC)
    past = quote((now - timedelta(hours=1)).isoformat())
    future = quote((now + timedelta(hours=1)).isoformat())
    assert (await _entries(client, f"?from={past}&action=application.read"))["data"]
    assert (await _entries(client, f"?from={future}&action=application.read"))["data"] == []
    assert (await _entries(client, f"?to={past}&action=application.read"))["data"] == []
    naive = await client.get("/v1/audit-log?from=2025-06-01T10:00:00", headers=AUDITOR)
    assert naive.status == 422 and "/from" in [e["pointer"] for e in (await naive.json())["errors"]]


async def test_pages_are_newest_first_and_follow_the_link(client):
    case = await _protected_reads(client, 5)
    query = f"?applicationId={case['id']}&action=application.read&limit=2"
    first = await client.get(f"/v1/audit-log{query}", headers=AUDITOR)
    page = await first.json()
    ids = [e["id"] for e in page["data"]]
    assert len(ids) == 2 and ids == sorted(ids, reverse=True) and 'rel="next"' in first.headers["Link"]
    seen = list(ids)
    while page["pageToken"]:
        await _protected_reads(client, 1)  # entries written meanwhile do not shift the pages
        page = await _entries(client, f"{query}&pageToken={page['pageToken']}")
        seen += [e["id"] for e in page["data"]]
    assert len(seen) == 5 == len(set(seen)) and seen == sorted(seen, reverse=True)
    other = await client.get(f"/v1/audit-log?limit=2&pageToken={(await first.json())['pageToken']}", headers=AUDITOR)
    assert other.status == 400  # a token from a list with other filters


async def test_every_read_of_the_audit_log_is_itself_audited(client):
    case = await _protected_reads(client, 1)
    await _entries(client, f"?applicationId={case['id']}", headers=AUDITOR_2)
    trail = await _entries(client, "?action=audit_log.read&actor=auditor-2")
    assert [e["detail"]["filters"] for e in trail["data"]] == [{"applicationId": case["id"]}]


@pytest.mark.parametrize(
    "headers", [CASEWORKER, RESIDENT_A, Fresh(lambda: identity_header("k", kind="system", roles=("auditor",)))]
)
async def test_only_signed_in_auditors_read_the_audit_log(client, headers):
    resp = await client.get("/v1/audit-log", headers=headers)
    assert resp.status == 403 and resp.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("query", "pointer"),
    [
        pytest.param("?applicationId=not-a-uuid", "/applicationId", id="case-not-an-id"),
        pytest.param("?from=2025-02-30T10:00:00%2B01:00", "/from", id="30-february"),
        pytest.param("?limit=0", "/limit", id="limit-0"),
        pytest.param("?limit=100000", "/limit", id="limit-too-big"),
        pytest.param("?limit=abc", "/limit", id="limit-not-a-number"),
        pytest.param("?action=" + "x" * 300, "/action", id="action-too-long"),
        pytest.param("?actor=" + "x" * 300, "/actor", id="actor-too-long"),
        pytest.param("?action=%00", "/action", id="nul-character"),
    ],
)
async def test_bad_filters_are_422_on_the_field(client, query, pointer):
    resp = await client.get(f"/v1/audit-log{query}", headers=AUDITOR)
    assert resp.status == 422, await resp.text()
    assert pointer in [e["pointer"] for e in (await resp.json())["errors"]]


async def test_filters_typed_in_other_digits_are_read(client):
    await _protected_reads(client, 1)
    arabic = quote("٢٠٢٠-٠١-٠١T٠٠:٠٠:٠٠+٠٠:٠٠")
    assert (await _entries(client, f"?from={arabic}&action=application.read&limit=٢"))["data"]


async def test_a_time_window_the_wrong_way_round_is_422_or_empty(client):
    await _protected_reads(client, 1)
    now = datetime.now(UTC)
    query = f"?from={quote(now.isoformat())}&to={quote((now - timedelta(days=1)).isoformat())}"
    resp = await client.get(f"/v1/audit-log{query}", headers=AUDITOR)
    assert resp.status in (200, 422)
    if resp.status == 200:
        assert (await resp.json())["data"] == []
