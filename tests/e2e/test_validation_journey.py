"""Issue 3 through the gateway: an anonymous applicant's whole journey, and applicants kept apart."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import Suite
from tests.e2e.gateway_client import GatewayClient, bearer
from tests.helpers import Fresh
from tests.integration.validation.support import PDF_BYTES, application, future_booking, key

pytestmark = pytest.mark.e2e

CASEWORKER = Fresh(lambda: bearer("e2e-caseworker", "caseworker"))
RESIDENT_A = Fresh(lambda: bearer("e2e-resident-a", "resident"))
RESIDENT_B = Fresh(lambda: bearer("e2e-resident-b", "resident"))
PACKAGE = [
    "ANOANA01", "ANOANA02", "FUTFUN01", "FUTFUN02", "GERGER0", "HAOHAL01", "HAOHAL02", "OMVOMV01",
    "OMVOMV02", "PSYPSY01", "PSYPSK02", "PSKPSY01", "SOASOC01", "SOASOC02", "VADVAD00S", "SAMSAM01a1", "SVASVA01",
]  # fmt: skip
FULL = {"ANOANA01", "SOASOC01", "GERGER0", "PSKPSY01", "SAMSAM01a1"}
PARTIAL = {"OMVOMV01", "FUTFUN01"}


@pytest.fixture
async def api(suite: Suite):
    async with aiohttp.ClientSession() as session:
        yield GatewayClient(session, suite.url, "/api/validation")


async def _json(resp, status: int):
    text = await resp.text()
    assert resp.status == status, text
    return await resp.json(content_type=None)


async def _move(api, case, to, headers=CASEWORKER, **extra):
    async with api.post(
        f"/v1/applications/{case['id']}/transitions",
        json={"to": to, **extra},
        headers={**headers, "If-Match": f'"v{case["version"]}"'},
    ) as resp:
        return await _json(resp, 200)


def _upload_form():
    form = aiohttp.FormData()
    form.add_field("kind", "diploma")
    form.add_field("file", PDF_BYTES, filename="diploma.pdf", content_type="application/pdf")
    return form


async def test_anonymous_applicant_is_decided_partial_and_sees_gap_list_and_certificate(api):
    async with api.post("/v1/applications", json=application(), headers=key()) as resp:
        case = await _json(resp, 201)
    assert case["reference"] and case["trackingCode"]
    missing = [m["kind"] for m in case["precheck"]["missingDocuments"]]
    assert {"diploma", "translation", "course_description"} <= set(missing)
    applicant = {"X-Tracking-Code": case["trackingCode"]}

    async with api.post(f"/v1/applications/{case['id']}/documents", data=_upload_form(), headers=applicant) as resp:
        await _json(resp, 201)
    async with api.get(f"/v1/applications/{case['id']}", headers=CASEWORKER) as resp:
        case = await _json(resp, 200)
    case = await _move(api, case, "mapping")
    case = await _move(api, case, "assessment_scheduled", assessment=future_booking())
    case = await _move(api, case, "assessed")

    def outcome(code):
        return "full" if code in FULL else "partial" if code in PARTIAL else "none"

    decision = {"courses": [{"code": c, "outcome": outcome(c), "note": None} for c in PACKAGE], "note": "e2e"}
    async with api.post(
        f"/v1/applications/{case['id']}/decision",
        json=decision,
        headers={**CASEWORKER, "If-Match": f'"v{case["version"]}"'},
    ) as resp:
        await _json(resp, 200)

    async with api.get(f"/v1/applications/{case['id']}", headers=applicant) as resp:
        seen = await _json(resp, 200)
    assert seen["state"] == "decided" and seen["decision"]["outcome"] == "partial"
    gaps = [g["code"] for g in seen["decision"]["gapList"]]
    assert gaps.index("OMVOMV01") < gaps.index("OMVOMV02")
    assert gaps.index("OMVOMV01") < gaps.index("HAOHAL01") < gaps.index("HAOHAL02")
    assert "ANOANA01" not in gaps
    async with api.get(f"/v1/applications/{case['id']}/certificate?lang=sv", headers=applicant) as resp:
        assert resp.status == 200 and resp.content_type == "application/pdf"
        assert (await resp.read()).startswith(b"%PDF")
    async with api.get(f"/v1/applications/{case['id']}") as resp:
        assert resp.status == 401  # no tracking code, not signed in: the gateway refuses


async def test_applicant_b_can_neither_read_nor_upload_to_nor_detect_a_case(api):
    async with api.post("/v1/applications", json=application(), headers={**RESIDENT_A, **key()}) as resp:
        case = await _json(resp, 201)
    async with api.get("/v1/applications/00000000-0000-4000-8000-000000000000", headers=RESIDENT_B) as resp:
        nothing = await _json(resp, 404)
    async with api.get(f"/v1/applications/{case['id']}", headers=RESIDENT_B) as resp:
        hidden = await _json(resp, 404)
    assert hidden["detail"] == nothing["detail"] and hidden["title"] == nothing["title"]
    async with api.post(f"/v1/applications/{case['id']}/documents", data=_upload_form(), headers=RESIDENT_B) as resp:
        await _json(resp, 404)
    async with api.get(f"/v1/applications/{case['id']}", headers=RESIDENT_A) as resp:
        await _json(resp, 200)


async def test_location_of_a_created_case_is_a_gateway_url(api, suite: Suite):
    async with api.post("/v1/applications", json=application(), headers={**RESIDENT_A, **key()}) as resp:
        case = await _json(resp, 201)
        location = resp.headers["Location"]
    assert location.startswith("/api/validation/v1/applications/")
    async with api.session.get(suite.url + location, headers=RESIDENT_A) as resp:
        assert (await _json(resp, 200))["id"] == case["id"]
