"""The person's overview (complete or marked incomplete), the merged API document and page, and hygiene."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from openapi_spec_validator import validate

from services.sfi_schedule.app import create_app as create_sfi
from services.validation.app import create_app as create_validation
from tests.helpers import Fresh
from tests.integration.gateway.conftest import bearer, create_key, ok_json

PERSON = Fresh(lambda: bearer("person-9", "resident"))
CASES = {("GET", "/v1/me/cases"): ok_json({"data": [{"id": "c1", "state": "screening"}]})}
ENROLMENTS = ok_json({"data": [{"groupId": "g1", "status": "waitlisted", "position": 3}]})
MATCHES = ok_json({"data": [{"groupId": "g7", "score": 0.9}]})


async def test_overview_gathers_cases_enrolments_and_suggestions(gateway, start_fake):
    validation = await start_fake(CASES)
    sfi = await start_fake({("GET", "/v1/me/enrolments"): ENROLMENTS, ("POST", "/v1/matches"): MATCHES})
    client = await gateway(validation=validation.url, sfi=sfi.url)
    resp = await client.get("/api/me/overview", headers=PERSON)
    body = await resp.json()
    assert resp.status == 200 and body["complete"] is True and body["missing"] == []
    assert body["cases"][0]["id"] == "c1" and body["enrolments"][0]["position"] == 3
    assert body["suggestedGroups"][0]["groupId"] == "g7"


async def test_overview_with_sfi_down_returns_what_it_has_marked_incomplete(gateway, start_fake):
    validation = await start_fake(CASES)
    client = await gateway(validation=validation.url)
    body = await (await client.get("/api/me/overview", headers=PERSON)).json()
    assert body["complete"] is False and body["missing"] == ["sfi.enrolments", "sfi.matches"]
    assert body["cases"][0]["id"] == "c1" and body["enrolments"] is None


async def test_overview_part_answering_an_error_or_slowly_is_missing(gateway, start_fake, never):
    async def broken(request: web.Request) -> web.Response:
        return web.json_response({"status": 500}, status=500)

    async def slow(request: web.Request) -> web.Response:
        await never.wait()  # later than the deadline on any machine
        return web.json_response({"data": []})

    validation = await start_fake(CASES)
    sfi = await start_fake({("GET", "/v1/me/enrolments"): broken, ("POST", "/v1/matches"): slow})
    client = await gateway(validation=validation.url, sfi=sfi.url, LOTSEN_UPSTREAM_DEADLINE="0.3")
    body = await (await client.get("/api/me/overview", headers=PERSON)).json()
    assert body["missing"] == ["sfi.enrolments", "sfi.matches"] and body["cases"]


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("system", 403)])
async def test_overview_is_only_for_signed_in_people(gateway, who, status):
    client = await gateway()
    headers = {}
    if who == "system":
        headers = {"X-API-Key": (await create_key(client, scopes=["admin"]))["key"]}
    assert (await client.get("/api/me/overview", headers=headers)).status == status


async def test_merged_document_is_valid_and_covers_all_three_parts(gateway, settings):
    servers = [TestServer(create_validation(settings)), TestServer(create_sfi(settings))]
    for server in servers:
        await server.start_server()
    try:
        urls = [str(s.make_url("")).rstrip("/") for s in servers]
        client = await gateway(validation=urls[0], sfi=urls[1])
        doc = await (await client.get("/api/openapi.json")).json()
    finally:
        for server in servers:
            await server.close()
    validate(doc)
    assert "x-incomplete" not in doc
    for path in ("/api/validation/v1/roles", "/api/sfi/v1/courses", "/api/gateway/v1/keys", "/api/me/overview"):
        assert path in doc["paths"], path
    assert set(doc["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    assert "Problem" in doc["components"]["schemas"]
    assert not [name for name in doc["components"]["schemas"] if name.endswith("Problem") and name != "Problem"]


async def test_docs_page_is_served_from_local_assets_only(gateway):
    client = await gateway()
    page = await client.get("/api/docs")
    html = await page.text()
    assert page.status == 200 and "/api/docs/docs.js" in html and "http" not in html.replace("http-equiv", "")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    script = await client.get("/api/docs/docs.js")
    assert script.status == 200 and "openapi.json" in await script.text()
    assert (await client.get("/api/docs/../app.py")).status == 404


async def test_security_headers_on_every_answer_and_hsts_outside_dev(gateway):
    client = await gateway(LOTSEN_ENV="production")
    for path in ("/", "/api/nowhere", "/healthz"):
        resp = await client.get(path)
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["Referrer-Policy"] == "no-referrer"
        assert resp.headers["Strict-Transport-Security"].startswith("max-age=")
    dev = await gateway()
    assert "Strict-Transport-Security" not in (await dev.get("/healthz")).headers


async def test_cors_only_for_configured_origins(gateway, start_fake):
    validation = await start_fake({("GET", "/v1/roles"): ok_json({"data": []})})
    client = await gateway(validation=validation.url, LOTSEN_CORS_ORIGINS="https://kommun.example.se")
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = await client.options(
        "/api/validation/v1/applications", headers={"Origin": "https://kommun.example.se", **preflight}
    )
    assert ok.status == 204 and ok.headers["Access-Control-Allow-Origin"] == "https://kommun.example.se"
    evil = await client.options(
        "/api/validation/v1/applications", headers={"Origin": "https://evil.example", **preflight}
    )
    assert "Access-Control-Allow-Origin" not in evil.headers
    resp = await client.get("/api/validation/v1/roles", headers={"Origin": "https://kommun.example.se"})
    assert resp.headers["Access-Control-Allow-Origin"] == "https://kommun.example.se"


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", "/api/validation/v1/roles", {}, 200),
        ("GET", "/api/sfi/v1/groups", {}, 200),
        ("POST", "/api/validation/v1/applications", {}, 200),
        ("GET", "/api/validation/v1/applications/a1", {}, 401),
        ("GET", "/api/validation/v1/applications/a1", {"X-Tracking-Code": "T-1"}, 200),
        ("GET", "/api/validation/v1/cases", {}, 401),
        ("POST", "/api/sfi/v1/groups/g1/enrolments", {}, 401),
        ("GET", "/api/gateway/v1/keys", {}, 401),
        ("GET", "/api/unknown", {}, 404),
    ],
)
async def test_anonymous_access_follows_the_route_table(gateway, start_fake, method, path, headers, status):
    answer = ok_json({})
    routes = {(m, p): answer for m in ("GET", "POST") for p in ("/v1/{tail:.*}",)}
    fake = await start_fake(routes)
    client = await gateway(validation=fake.url, sfi=fake.url)
    assert (await client.request(method, path, headers=headers)).status == status
