"""Decisions over HTTP: the whole applicant journey, exactly one decision under concurrency, certificates."""

from __future__ import annotations

import asyncio
import io

import asyncpg
import pypdf

from tests.integration.validation.support import (
    CASEWORKER,
    CASEWORKER_2,
    RESIDENT_A,
    RESIDENT_B,
    move_ok,
    submit,
    to_assessed,
    tracking,
    upload,
)

PACKAGE = [
    "ANOANA01", "ANOANA02", "FUTFUN01", "FUTFUN02", "GERGER0", "HAOHAL01", "HAOHAL02", "OMVOMV01",
    "OMVOMV02", "PSYPSY01", "PSYPSK02", "PSKPSY01", "SOASOC01", "SOASOC02", "VADVAD00S", "SAMSAM01a1", "SVASVA01",
]  # fmt: skip
FULL = {"ANOANA01", "SOASOC01", "GERGER0", "PSKPSY01", "SAMSAM01a1", "FUTFUN01", "PSYPSY01"}
PARTIAL = {"OMVOMV01"}


def partial_decision() -> dict:
    def outcome(code: str) -> str:
        return "full" if code in FULL else "partial" if code in PARTIAL else "none"

    return {"courses": [{"code": c, "outcome": outcome(c), "note": None} for c in PACKAGE], "note": "Mapped by teacher"}


async def decide(client, case, headers=CASEWORKER):
    return await client.post(
        f"/v1/applications/{case['id']}/decision",
        json=partial_decision(),
        headers={**headers, "If-Match": f'"v{case["version"]}"'},
    )


async def test_anonymous_applicant_journey_to_a_partial_decision_and_certificate(client):
    case = await submit(client)
    applicant = tracking(case)
    assert "diploma" in [m["kind"] for m in case["precheck"]["missingDocuments"]]
    assert (await upload(client, case, applicant)).status == 201
    case = await (await client.get(f"/v1/applications/{case['id']}", headers=CASEWORKER)).json()
    case = await to_assessed(client, case)
    resp = await decide(client, case)
    assert resp.status == 200, await resp.text()
    seen = await (await client.get(f"/v1/applications/{case['id']}", headers=applicant)).json()
    assert seen["state"] == "decided" and seen["decision"]["outcome"] == "partial"
    gaps = [g["code"] for g in seen["decision"]["gapList"]]
    assert gaps.index("OMVOMV01") < gaps.index("HAOHAL01") < gaps.index("HAOHAL02")
    assert gaps.index("OMVOMV01") < gaps.index("OMVOMV02") and "ANOANA01" not in gaps
    assert seen["decision"]["pointsValidated"] == 550 and seen["decision"]["pointsRemaining"] == 950
    pdf = await client.get(f"/v1/applications/{case['id']}/certificate?lang=en", headers=applicant)
    assert pdf.status == 200 and pdf.content_type == "application/pdf"
    data = await pdf.read()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert data.startswith(b"%PDF") and "PRE-ASSESSMENT" in text and "Socialstyrelsen" in text


async def test_two_caseworkers_deciding_at_once_make_exactly_one_decision(client, db_url):
    case = await to_assessed(client, await submit(client, RESIDENT_A))
    results = await asyncio.gather(decide(client, case, CASEWORKER), decide(client, case, CASEWORKER_2))
    assert sorted(r.status for r in results) == [200, 412]
    conn = await asyncpg.connect(db_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM validation.decisions") == 1
        events = "SELECT count(*) FROM validation.case_events WHERE to_state = 'decided'"
        assert await conn.fetchval(events) == 1
    finally:
        await conn.close()


async def test_second_decision_with_fresh_etag_is_409(client):
    case = await to_assessed(client, await submit(client, RESIDENT_A))
    decided = await (await decide(client, case)).json()
    again = await decide(client, decided)
    assert again.status == 409 and (await again.json())["allowed"] == ["closed"]


async def test_decision_before_assessment_is_409_and_applicant_cannot_decide(client):
    case = await submit(client, RESIDENT_A)
    assert (await decide(client, case)).status == 409
    assessed = await to_assessed(client, case)
    assert (await decide(client, assessed, RESIDENT_A)).status == 403


async def test_decision_missing_a_course_is_422(client):
    case = await to_assessed(client, await submit(client, RESIDENT_A))
    body = partial_decision()
    body["courses"] = body["courses"][1:]
    resp = await client.post(
        f"/v1/applications/{case['id']}/decision",
        json=body,
        headers={**CASEWORKER, "If-Match": f'"v{case["version"]}"'},
    )
    assert resp.status == 422 and (await resp.json())["errors"][0]["pointer"] == "/courses"


async def test_certificate_only_after_a_decision_and_only_for_the_entitled(client):
    case = await submit(client, RESIDENT_A)
    assert (await client.get(f"/v1/applications/{case['id']}/certificate", headers=RESIDENT_A)).status == 404
    decided = await (await decide(client, await to_assessed(client, case))).json()
    closed = await move_ok(client, decided, "closed")
    assert closed["state"] == "closed"
    assert (await client.get(f"/v1/applications/{case['id']}/certificate", headers=RESIDENT_A)).status == 200
    assert (await client.get(f"/v1/applications/{case['id']}/certificate", headers=RESIDENT_B)).status == 404
