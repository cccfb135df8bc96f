"""Submitting an application: anonymous and signed-in applicants, validation errors, idempotency, access."""

from __future__ import annotations

import asyncpg
import pytest

from tests.integration.validation.support import (
    ANONYMOUS,
    AUDITOR,
    CASEWORKER,
    RESIDENT_A,
    RESIDENT_B,
    application,
    key,
    submit,
    tracking,
)


async def test_anonymous_applicant_gets_reference_and_tracking_code(client, db_url):
    resp = await client.post("/v1/applications", json=application(), headers={**ANONYMOUS, **key()})
    assert resp.status == 201
    body = await resp.json()
    assert resp.headers["Location"] == f"/v1/applications/{body['id']}"
    assert body["reference"].startswith("VAL-") and len(body["trackingCode"]) == 24
    assert body["state"] == "submitted" and body["identity"]["number"] == "19811218-****"
    conn = await asyncpg.connect(db_url)
    try:
        row = await conn.fetchrow("SELECT tracking_code_hash, identity_number FROM validation.applications")
        stored = await conn.fetchval("SELECT count(*) FROM validation.idempotency_keys WHERE body::text LIKE '%Amina%'")
    finally:
        await conn.close()
    assert (
        body["trackingCode"].encode() not in bytes(row["tracking_code_hash"]) and len(row["tracking_code_hash"]) == 32
    )
    assert row["identity_number"] == "198112189876"
    assert stored == 0


async def test_precheck_lists_missing_documents_for_foreign_education(client):
    body = await submit(client)
    precheck = body["precheck"]
    kinds = [m["kind"] for m in precheck["missingDocuments"]]
    assert kinds == ["diploma", "translation", "course_description", "language_proof", "employment_certificate"]
    assert precheck["route"]["key"] == "route.package"
    assert "advice.swedish_first" in [a["key"] for a in precheck["advice"]]
    assert precheck["advice"][0]["text"].startswith("Swedish first")
    assert precheck["coverage"]["covered"] == ["ANOANA01", "OMVOMV01", "SOASOC01"]


async def test_tracking_code_opens_the_case_only_in_a_header(client):
    body = await submit(client)
    ok = await client.get(f"/v1/applications/{body['id']}", headers=tracking(body))
    assert ok.status == 200 and "trackingCode" not in await ok.json()
    wrong = await client.get(f"/v1/applications/{body['id']}", headers={**ANONYMOUS, "X-Tracking-Code": "AAAA-BBBB"})
    assert wrong.status == 404
    in_url = await client.get(f"/v1/applications/{body['id']}?trackingCode={body['trackingCode']}", headers=ANONYMOUS)
    assert in_url.status == 422  # a code in the URL is refused, never honoured


async def test_resident_sees_own_case_and_nobody_elses(client):
    body = await submit(client, RESIDENT_A)
    assert "trackingCode" not in body
    assert (await client.get(f"/v1/applications/{body['id']}", headers=RESIDENT_A)).status == 200
    other = await client.get(f"/v1/applications/{body['id']}", headers=RESIDENT_B)
    missing = await client.get("/v1/applications/00000000-0000-0000-0000-000000000000", headers=RESIDENT_B)
    assert other.status == missing.status == 404
    assert (await other.json())["detail"] == (await missing.json())["detail"]
    assert (await client.get("/v1/applications/not-a-uuid", headers=RESIDENT_B)).status == 404


@pytest.mark.parametrize(
    ("headers", "shown"),
    [(CASEWORKER, "198112189876"), (AUDITOR, "19811218-****"), (RESIDENT_A, "19811218-****")],
)
async def test_number_is_masked_except_for_caseworkers(client, headers, shown):
    body = await submit(client, RESIDENT_A)
    resp = await client.get(f"/v1/applications/{body['id']}", headers=headers)
    assert (await resp.json())["identity"]["number"] == shown


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"identity": {"number": "811218-9875"}}, "/identity/number"),
        ({"identity": {"number": "811318-9876"}}, "/identity/number"),
        ({"targetRole": "astronaut"}, "/targetRole"),
        ({"identity": None}, "/identity"),
        ({"noSwedishNumber": {"documentType": "passport"}}, "/identity"),
        ({"contact": {"address": "Storgatan 1"}}, "/contact/email"),
        ({"swedishLevel": {"kind": "sfi", "course": "E"}}, "/swedishLevel/course"),
        ({"preferredLanguage": "Swedish"}, "/preferredLanguage"),
        (
            {"experience": [{"employer": "X", "role": "Y", "from": "2024-01-01", "extentPercent": 130}]},
            "/experience/0/extentPercent",
        ),
        (
            {
                "experience": [
                    {"employer": "X", "role": "Y", "from": "2024-01-01", "to": "2023-01-01", "extentPercent": 50}
                ]
            },
            "/experience/0/to",
        ),
    ],
)
async def test_invalid_application_is_422_naming_the_field_and_nothing_is_stored(client, db_url, changes, pointer):
    resp = await client.post("/v1/applications", json=application(**changes), headers={**ANONYMOUS, **key()})
    assert resp.status == 422
    assert pointer in [e["pointer"] for e in (await resp.json())["errors"]]
    conn = await asyncpg.connect(db_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM validation.applications") == 0
    finally:
        await conn.close()


async def test_applicant_without_swedish_number_must_send_id(client):
    body = await submit(client, identity=None, noSwedishNumber={"documentType": "passport", "country": "SY"})
    assert body["identity"] == {"kind": "none", "documentType": "passport", "country": "SY"}
    assert body["precheck"]["missingDocuments"][0]["kind"] == "id"


async def test_replaying_an_anonymous_submission_keeps_the_applicants_code_and_shows_nothing_personal(client):
    headers = {**ANONYMOUS, **key()}
    first = await (await client.post("/v1/applications", json=application(), headers=headers)).json()
    again = await client.post("/v1/applications", json=application(), headers=headers)
    assert again.status == 201 and again.headers["Idempotent-Replayed"] == "true"
    replay = await again.json()
    public = {k: first[k] for k in ("id", "reference", "targetRole", "state", "version", "submittedAt")}
    assert {k: replay[k] for k in public} == public
    assert not {"trackingCode", "name", "contact", "identity", "precheck", "education"} & set(replay)
    assert "Amina" not in await again.text() and "amina@example.org" not in await again.text()
    # The code the applicant holds still opens the case.
    assert (await client.get(f"/v1/applications/{first['id']}", headers=tracking(first))).status == 200


async def test_same_key_for_a_different_application_is_refused(client):
    headers = {**RESIDENT_A, **key()}
    assert (await client.post("/v1/applications", json=application(), headers=headers)).status == 201
    other = await client.post("/v1/applications", json=application(preferredLanguage="sv"), headers=headers)
    assert other.status == 422


@pytest.mark.parametrize("headers", [CASEWORKER, AUDITOR])
async def test_staff_do_not_submit_applications(client, headers):
    resp = await client.post("/v1/applications", json=application(), headers={**headers, **key()})
    assert resp.status == 403
