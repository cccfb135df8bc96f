"""The applicant's own entry points: cases in brief, and lookup by reference with the tracking code."""

from __future__ import annotations

from tests.integration.validation.support import ANONYMOUS, CASEWORKER, RESIDENT_A, RESIDENT_B, submit, tracking


async def test_my_cases_lists_only_my_own(client):
    mine = await submit(client, RESIDENT_A)
    await submit(client, RESIDENT_B)
    await submit(client)  # anonymous
    body = await (await client.get("/v1/me/cases", headers=RESIDENT_A)).json()
    assert [c["id"] for c in body["data"]] == [mine["id"]]
    assert body["data"][0]["state"] == "submitted" and body["data"][0]["targetRole"] == "underskoterska"


async def test_my_cases_is_for_residents_only(client):
    assert (await client.get("/v1/me/cases", headers=CASEWORKER)).status == 403
    assert (await client.get("/v1/me/cases", headers=ANONYMOUS)).status == 403


async def test_lookup_by_reference_needs_the_right_tracking_code(client):
    case = await submit(client)
    ok = await client.post("/v1/applications/lookup", json={"reference": case["reference"].lower()},
                           headers=tracking(case))  # fmt: skip
    assert ok.status == 200 and (await ok.json())["id"] == case["id"]
    other = await submit(client)
    wrong = await client.post("/v1/applications/lookup", json={"reference": case["reference"]},
                              headers=tracking(other))  # fmt: skip
    missing = await client.post("/v1/applications/lookup", json={"reference": "VAL-0000-NOTHING"},
                                headers=tracking(case))  # fmt: skip
    assert wrong.status == missing.status == 404
    assert (await wrong.json())["detail"] == (await missing.json())["detail"]
    bad = await client.post("/v1/applications/lookup", json={}, headers=tracking(case))
    assert bad.status == 422 and (await bad.json())["errors"][0]["pointer"] == "/reference"
