"""Recording and reading skills mappings: who may, tracking codes, idempotency, changes, lists, bad input."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from tests.integration.validation_skills.support import (
    ANONYMOUS,
    AUDITOR,
    CASEWORKER,
    OTHER_RESIDENT,
    RESIDENT,
    SFI_ADMIN,
    create,
    key,
    mapping,
    put_shortage,
)


def code_of(body) -> dict[str, str]:
    """Anonymous caller holding the mapping's tracking code."""
    return {**ANONYMOUS, "X-Tracking-Code": body["trackingCode"]}


async def test_an_anonymous_person_gets_a_tracking_code_once_and_opens_the_mapping_only_with_it(client, db_url):
    body = await create(client, headers=ANONYMOUS)
    assert body["reference"].startswith("MAP-2026-") and len(body["trackingCode"]) == 24
    assert body["recordedBy"] == "person" and body["signedIn"] is False and body["owner"] is None
    again = await client.get(f"/v1/skills-mappings/{body['id']}", headers=code_of(body))
    assert again.status == 200 and "trackingCode" not in await again.json()
    assert again.headers["Cache-Control"] == "private, no-store"
    wrong = await client.get(f"/v1/skills-mappings/{body['id']}", headers={**ANONYMOUS, "X-Tracking-Code": "X" * 24})
    stranger = await client.get(f"/v1/skills-mappings/{body['id']}", headers=OTHER_RESIDENT)
    missing = await client.get("/v1/skills-mappings/00000000-0000-4000-8000-000000000000", headers=code_of(body))
    not_an_id = await client.get("/v1/skills-mappings/..%2Fapplications", headers=code_of(body))
    assert [r.status for r in (wrong, stranger, missing, not_an_id)] == [404, 404, 404, 404]
    conn = await asyncpg.connect(db_url)
    try:
        stored = await conn.fetchval("SELECT tracking_code_hash FROM validation.skills_mappings")
    finally:
        await conn.close()
    assert len(stored) == 32 and body["trackingCode"].encode() not in bytes(stored)


async def test_a_signed_in_resident_owns_the_mapping_and_staff_read_it(client):
    body = await create(client, headers=RESIDENT)
    assert "trackingCode" not in body and body["signedIn"] is True
    mine = await client.get(f"/v1/skills-mappings/{body['id']}", headers=RESIDENT)
    staff = await client.get(f"/v1/skills-mappings/{body['id']}", headers=CASEWORKER)
    audit = await client.get(f"/v1/skills-mappings/{body['id']}", headers=AUDITOR)
    assert [mine.status, staff.status, audit.status] == [200, 200, 200]
    assert (await mine.json())["owner"] is None and (await staff.json())["owner"] == "resident-a"


async def test_a_caseworker_records_for_a_person_who_gets_the_tracking_code(client):
    body = await create(client, headers=CASEWORKER)
    assert body["recordedBy"] == "caseworker" and body["trackingCode"]
    assert (await client.get(f"/v1/skills-mappings/{body['id']}", headers=code_of(body))).status == 200


@pytest.mark.parametrize("who", [SFI_ADMIN, AUDITOR])
async def test_other_roles_do_not_record_mappings(client, who):
    await create(client, headers=who, status=403)


async def test_a_retry_with_the_same_key_answers_the_receipt_and_records_once(client, db_url):
    headers = {**ANONYMOUS, **key()}
    answers = await asyncio.gather(*(client.post("/v1/skills-mappings", json=mapping(), headers=headers)
                                     for _ in range(5)))  # fmt: skip
    bodies = [await r.json() for r in answers]
    assert [r.status for r in answers] == [201] * 5
    assert len({b["id"] for b in bodies}) == 1
    assert sum("trackingCode" in b for b in bodies) == 1  # the code is shown once, never replayed
    replay = next(b for b in bodies if "trackingCode" not in b)
    assert set(replay) == {"id", "reference", "version", "createdAt"}
    conn = await asyncpg.connect(db_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM validation.skills_mappings") == 1
    finally:
        await conn.close()
    other = await client.post("/v1/skills-mappings", json=mapping(preferredLanguage="sv"), headers=headers)
    assert other.status == 422 and (await other.json())["errors"][0]["pointer"] == "/headers/Idempotency-Key"


async def test_the_person_changes_the_mapping_under_if_match_and_the_result_follows(client):
    await put_shortage(client)
    body = await create(client, headers=RESIDENT)
    url = f"/v1/skills-mappings/{body['id']}"
    etag = (await client.get(url, headers=RESIDENT)).headers["ETag"]
    assert etag == '"v1.1"'
    bus = mapping(experience=[{"ssyk": "8331", "years": 5}], drivingLicence=["D"])
    no_match = await client.put(url, json=bus, headers=RESIDENT)
    changed = await client.put(url, json=bus, headers={**RESIDENT, "If-Match": etag})
    stale = await client.put(url, json=bus, headers={**RESIDENT, "If-Match": etag})
    assert [no_match.status, changed.status, stale.status] == [428, 200, 412]
    new = await changed.json()
    assert new["version"] == 2 and changed.headers["ETag"] == '"v2.1"'
    assert new["result"]["occupations"][0]["ssyk"] == "8331"
    assert new["result"]["occupations"][0]["drivingLicences"]["missing"] == []
    read_only = await client.put(url, json=bus, headers={**AUDITOR, "If-Match": '"v2"'})
    assert read_only.status == 403


async def test_a_new_shortage_version_changes_the_etag_so_a_cached_result_is_not_reused(client):
    first = await put_shortage(client)
    body = await create(client, headers=RESIDENT)
    url = f"/v1/skills-mappings/{body['id']}"
    etag = (await client.get(url, headers=RESIDENT)).headers["ETag"]
    assert (await client.get(url, headers={**RESIDENT, "If-None-Match": etag})).status == 304
    await put_shortage(client, if_match=f'"v{first["version"]}"')
    fresh = await client.get(url, headers={**RESIDENT, "If-None-Match": etag})
    assert fresh.status == 200 and (await fresh.json())["result"]["shortageVersion"] == 2


async def test_lists_show_staff_every_mapping_and_a_resident_their_own_page_by_page(client):
    for who in (RESIDENT, RESIDENT, OTHER_RESIDENT, ANONYMOUS):
        await create(client, headers=who)
    own = await (await client.get("/v1/skills-mappings", headers=RESIDENT)).json()
    assert len(own["data"]) == 2 and all(m["signedIn"] for m in own["data"])
    seen, token = [], None
    while True:
        query = "?limit=3" + (f"&pageToken={token}" if token else "")
        resp = await client.get("/v1/skills-mappings" + query, headers=CASEWORKER)
        page = await resp.json()
        seen += [m["id"] for m in page["data"]]
        token = page["pageToken"]
        if token is None:
            break
        assert 'rel="next"' in resp.headers["Link"]
    assert len(seen) == len(set(seen)) == 4
    assert [m["createdAt"] for m in own["data"]] == sorted((m["createdAt"] for m in own["data"]), reverse=True)
    assert (await client.get("/v1/skills-mappings", headers=ANONYMOUS)).status == 401
    assert (await client.get("/v1/skills-mappings", headers=SFI_ADMIN)).status == 403


async def test_the_reference_and_tracking_code_find_the_mapping_and_nothing_else_does(client):
    body = await create(client, headers=ANONYMOUS)
    found = await client.post("/v1/skills-mappings/lookup", json={"reference": body["reference"].lower()},
                              headers=code_of(body))  # fmt: skip
    assert found.status == 200 and (await found.json())["id"] == body["id"]
    other = await create(client, headers=ANONYMOUS)
    crossed = await client.post("/v1/skills-mappings/lookup", json={"reference": body["reference"]},
                                headers=code_of(other))  # fmt: skip
    unknown = await client.post("/v1/skills-mappings/lookup", json={"reference": "MAP-2026-NOSUCH00"},
                                headers=code_of(body))  # fmt: skip
    assert [crossed.status, unknown.status] == [404, 404]


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"education": [{"level": "phd", "country": "SY", "years": 3}]}, "/education/0/level"),
        ({"education": [{"level": "university", "country": "Syria", "years": 3}]}, "/education/0/country"),
        ({"education": [{"level": "university", "country": "SY", "years": 0}]}, "/education/0/years"),
        ({"education": [{"level": "university", "country": "SY", "years": 3, "endYear": 2027}]},
         "/education/0/endYear"),
        ({"experience": [{"years": 2}]}, "/experience/0/ssyk"),
        ({"experience": [{"ssyk": "53300", "years": 2}]}, "/experience/0/ssyk"),
        ({"experience": [{"ssyk": "5330", "years": 2, "extentPercent": 0}]}, "/experience/0/extentPercent"),
        ({"experience": [{"ssyk": "5330", "years": 2, "endYear": 2030}]}, "/experience/0/endYear"),
        ({"swedish": {"kind": "sfi", "course": "E"}}, "/swedish/course"),
        ({"drivingLicence": ["B", "B"]}, "/drivingLicence"),
        ({"drivingLicence": ["Z"]}, "/drivingLicence/0"),
        ({"languages": [{"code": "arabic", "level": "native"}]}, "/languages/0/code"),
        ({"wishes": {"occupations": ["12"]}}, "/wishes/occupations/0"),
        ({"municipality": "880"}, "/municipality"),
    ],
)  # fmt: skip
async def test_bad_input_is_a_422_naming_the_field(client, changes, pointer):
    resp = await client.post("/v1/skills-mappings", json=mapping(**changes), headers={**RESIDENT, **key()})
    assert resp.status == 422, await resp.text()
    assert pointer in [e["pointer"] for e in (await resp.json())["errors"]]


async def test_a_body_that_is_not_json_is_400_and_wrong_media_type_415(client):
    json_type = {**RESIDENT, "Content-Type": "application/json"}
    bad = await client.post("/v1/skills-mappings", data=b"{nope", headers=json_type)
    form = await client.post("/v1/skills-mappings", data={"a": "b"}, headers=RESIDENT)
    assert [bad.status, form.status] == [400, 415]
