"""Caseworkers search cases by reference, name or personal number, in a POST body; every search is audited."""

from __future__ import annotations

import asyncpg
import pytest

from tests.integration.validation.support import AUDITOR, CASEWORKER, RESIDENT_A, submit


async def found(client, text: str, headers=CASEWORKER) -> list[str]:
    resp = await client.post("/v1/cases/search", json={"query": text}, headers=headers)
    assert resp.status == 200, await resp.text()
    return [c["reference"] for c in (await resp.json())["data"]]


async def test_search_by_reference_name_or_any_written_form_of_the_number(client):
    amina = await submit(client, RESIDENT_A)
    other = await submit(client, RESIDENT_A, name={"given": "Olena", "family": "Kovalenko"},
                         identity={"number": "19701063-2391"})  # fmt: skip
    assert await found(client, amina["reference"]) == [amina["reference"]]
    assert await found(client, amina["reference"][:9].lower()) == [other["reference"], amina["reference"]]
    assert await found(client, "kovalen") == [other["reference"]]
    assert await found(client, "Amina Haddad") == [amina["reference"]]
    for written in ("811218-9876", "198112189876", "19811218-9876", "8112189876"):
        assert await found(client, written) == [amina["reference"]], written
    assert await found(client, "811218-9877") == []  # a wrong check digit finds nothing, not a name
    assert await found(client, "100%") == []  # LIKE wildcards are text
    assert await found(client, "a_i", AUDITOR) == []


async def test_a_name_never_finds_a_protected_identity_but_the_number_does_and_is_audited(client, db_url):
    case = await submit(client, RESIDENT_A, protectedIdentity=True)
    assert await found(client, "Haddad") == []
    assert await found(client, "811218-9876") == [case["reference"]]
    conn = await asyncpg.connect(db_url)
    try:
        rows = await conn.fetch("SELECT action, detail FROM validation.audit_log ORDER BY id")
    finally:
        await conn.close()
    actions = [r["action"] for r in rows]
    assert actions == ["cases.searched", "cases.searched", "application.listed"]
    assert all("9876" not in str(r["detail"]) for r in rows)


@pytest.mark.parametrize(("headers", "body", "status"), [
    (RESIDENT_A, {"query": "Haddad"}, 403), (CASEWORKER, {"query": "ab"}, 422), (CASEWORKER, {}, 422),
])  # fmt: skip
async def test_search_is_for_staff_with_a_real_query(client, headers, body, status):
    resp = await client.post("/v1/cases/search", json=body, headers=headers)
    assert resp.status == status
    if status == 422:
        assert (await resp.json())["errors"][0]["pointer"] == "/query"
