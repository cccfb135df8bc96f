"""The shared skeleton as each service runs it: identity, problem details, health, OpenAPI, real PostgreSQL."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from services.sfi_schedule.app import create_app as create_sfi
from services.validation.app import create_app as create_validation
from tests.helpers import anonymous_header, identity_header

SERVICES = [("validation", create_validation, "/v1/roles"), ("sfi", create_sfi, "/v1/courses")]


@pytest.mark.parametrize(("name", "factory", "path"), SERVICES)
async def test_data_endpoint_without_identity_is_401_problem(make_client, settings, name, factory, path):
    client = await make_client(factory(settings))
    resp = await client.get(path)
    assert resp.status == 401
    assert resp.content_type == "application/problem+json"
    body = await resp.json()
    assert body["status"] == 401 and body["request_id"]


@pytest.mark.parametrize(("name", "factory", "path"), SERVICES)
async def test_forged_and_expired_identity_are_refused(make_client, settings, name, factory, path):
    client = await make_client(factory(settings))
    forged = identity_header(secret="another-secret-" + "z" * 32)
    assert (await client.get(path, headers=forged)).status == 401
    expired = identity_header(ttl=-5)
    assert (await client.get(path, headers=expired)).status == 401


@pytest.mark.parametrize(("name", "factory", "path"), SERVICES)
async def test_health_ready_and_metrics_need_no_identity(make_client, settings, name, factory, path):
    client = await make_client(factory(settings))
    assert (await client.get("/healthz")).status == 200
    ready = await client.get("/readyz")
    assert ready.status == 200 and (await ready.json())["database"] == "ok"
    await client.get(path, headers=anonymous_header())
    metrics = await (await client.get("/metrics")).text()
    assert f'route="{path}"' in metrics


@pytest.mark.parametrize(("name", "factory", "path"), SERVICES)
async def test_unknown_route_is_404_problem_and_request_id_echoed(make_client, settings, name, factory, path):
    client = await make_client(factory(settings))
    resp = await client.get("/v1/nothing-here", headers={**anonymous_header(), "X-Request-ID": "abc-123"})
    assert resp.status == 404
    assert resp.headers["X-Request-ID"] == "abc-123"
    body = await resp.json()
    assert body["request_id"] == "abc-123" and body["type"].endswith("/not-found")


@pytest.mark.parametrize(("name", "factory", "path"), SERVICES)
async def test_openapi_is_valid_3_1(make_client, settings, name, factory, path):
    client = await make_client(factory(settings))
    doc = await (await client.get("/openapi.json", headers=anonymous_header())).json()
    assert doc["openapi"] == "3.1.0"
    validate(doc)
    assert path in doc["paths"]


async def test_roles_list_underskoterska_and_barnskotare_with_ssyk(make_client, settings):
    client = await make_client(create_validation(settings))
    resp = await client.get("/v1/roles", headers=anonymous_header())
    assert resp.status == 200
    roles = {r["code"]: r for r in (await resp.json())["data"]}
    assert roles["underskoterska"]["ssyk"] == "5321"
    assert roles["barnskotare"]["ssyk"] == "5311"
    package = next(p for p in roles["underskoterska"]["profiles"] if p["code"] == "usk-voxabn-2023")
    points = sum(c["points"] for c in package["courses"] if c["alternativeGroup"] is None) + 100
    assert points == 1500
    hal1 = next(c for c in package["courses"] if c["code"] == "HAOHAL01")
    assert sorted(hal1["prerequisites"]) == ["ANOANA01", "OMVOMV01", "SOASOC01"]
    bsk = next(p for p in roles["barnskotare"]["profiles"] if p["code"] == "bsk-2021")
    assert sum(c["points"] for c in bsk["courses"] if c["part"] == "base") == 900
    assert sum(c["points"] for c in bsk["courses"] if c["part"] == "add-on") == 400


async def test_roles_etag_gives_304(make_client, settings):
    client = await make_client(create_validation(settings))
    first = await client.get("/v1/roles", headers=anonymous_header())
    again = await client.get("/v1/roles", headers={**anonymous_header(), "If-None-Match": first.headers["ETag"]})
    assert again.status == 304


async def test_roles_bad_query_is_422_with_pointer(make_client, settings):
    client = await make_client(create_validation(settings))
    resp = await client.get("/v1/roles?validOn=2024-02-30", headers=anonymous_header())
    assert resp.status == 422
    body = await resp.json()
    assert body["errors"][0]["pointer"] == "/validOn"


async def test_courses_list_a_to_d_with_paths(make_client, settings):
    client = await make_client(create_sfi(settings))
    body = await (await client.get("/v1/courses", headers=anonymous_header())).json()
    paths = {c["code"]: c["paths"] for c in body["data"]}
    assert paths == {"A": [1], "B": [1, 2], "C": [1, 2, 3], "D": [1, 2, 3]}
    by_path = {p["path"]: p["courses"] for p in body["paths"]}
    assert by_path == {1: ["A", "B", "C", "D"], 2: ["B", "C", "D"], 3: ["C", "D"]}
