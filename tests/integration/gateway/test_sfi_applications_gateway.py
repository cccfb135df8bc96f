"""Issue 18 through the gateway: the SFI application without e-ID is public and limited like every anonymous call,
following it needs the tracking code, placing it needs sfi_admin, and the merged OpenAPI document says so."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from services.sfi_schedule.app import create_app as create_sfi
from tests.integration.gateway.conftest import bearer

BASE = "/api/sfi/v1/enrolment-applications"
APPLICATION = {"course": "A", "path": 1, "name": "Hodan Ali", "contact": {"email": "hodan@example.org"},
               "preferredLanguage": "ar"}  # fmt: skip


@pytest.fixture
async def sfi_url(settings) -> AsyncIterator[str]:
    """The real sfi_schedule service on this test's database (the gateway's upstream)."""
    server = TestServer(create_sfi(settings))
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


async def test_apply_follow_and_admin_routes_through_the_gateway(gateway, sfi_url):
    client = await gateway(sfi=sfi_url)
    resp = await client.post(BASE, json=APPLICATION, headers={"Idempotency-Key": "gw-1"})
    assert resp.status == 201, await resp.text()
    receipt = await resp.json()
    again = await client.post(BASE, json=APPLICATION, headers={"Idempotency-Key": "gw-1"})
    assert (await again.json())["reference"] == receipt["reference"] and "trackingCode" not in await again.json()
    url = f"{BASE}/{receipt['reference']}"
    assert (await client.get(url, headers={"X-Tracking-Code": receipt["trackingCode"]})).status == 200
    assert (await client.get(url)).status == 401  # no code and no sign-in: the gateway asks for credentials
    wrong = await client.get(url, headers={"X-Tracking-Code": "0000-0000-0000-0000-0000"})
    unknown = await client.get(f"{BASE}/SFI-2000-ZZZZZZZZ", headers={"X-Tracking-Code": receipt["trackingCode"]})
    assert wrong.status == unknown.status == 404
    assert (await wrong.json())["detail"] == (await unknown.json())["detail"]

    code = {"X-Tracking-Code": receipt["trackingCode"]}
    for headers, status in (({}, 401), (code, 401), (bearer("r", "resident"), 403), (bearer("a", "sfi_admin"), 200)):
        assert (await client.get(BASE, headers=headers)).status == status, headers
    place = {"groupId": "00000000-0000-0000-0000-000000000000", "identityCheck": {"document": "passport"}}
    assert (await client.post(f"{url}/placement", json=place, headers=code)).status == 401
    assert (await client.post(f"{url}/placement", json=place, headers=bearer("r", "resident"))).status == 403
    resp = await client.post(f"{url}/placement", json=place, headers=bearer("a", "sfi_admin"))
    assert resp.status == 404, await resp.text()  # through to the service: no such published group


async def test_anonymous_applications_are_rate_limited_per_client_like_the_validation_application(
    gateway, sfi_url, clock
):
    client = await gateway(sfi=sfi_url, LOTSEN_RATE_ANONYMOUS="2")
    statuses = [(await client.post(BASE, json=APPLICATION)).status for _ in range(3)]
    assert statuses == [201, 201, 429]
    limited = await client.post("/api/validation/v1/applications", json={})
    assert limited.status == 429 and int(limited.headers["Retry-After"]) >= 1  # one budget per client address
    clock.advance(1)
    assert (await client.post(BASE, json=APPLICATION)).status == 201


async def test_the_merged_document_declares_the_public_and_the_staff_routes(gateway, sfi_url):
    client = await gateway(sfi=sfi_url)
    doc = await (await client.get("/api/openapi.json")).json()
    submit = doc["paths"][BASE]["post"]
    follow = doc["paths"][BASE + "/{reference}"]["get"]
    place = doc["paths"][BASE + "/{reference}/placement"]["post"]
    assert {} in submit["security"]  # anonymous allowed; signed in also works
    # The code is a header parameter (below), not a security scheme: a wrong code is a 404 like an unknown reference.
    assert follow["security"] == [{"bearer": []}, {"apiKey": []}]
    assert place["security"] == [{"bearer": []}, {"apiKey": []}]
    assert "401" in place["responses"] and "403" in place["responses"]
    assert "X-Tracking-Code" in {p.get("name") for p in follow["parameters"]}
    assert "Idempotency-Key" in {p.get("name") for p in submit["parameters"]}
    assert {"201", "422", "429"} <= set(submit["responses"]) and "404" in follow["responses"]
    assert submit["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("SfiApplicationCreate")
