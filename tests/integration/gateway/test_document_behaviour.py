"""The merged OpenAPI document says what the suite does: security, HEAD, 405 with Allow, 304 (real services)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.sfi_schedule.app import create_app as create_sfi
from services.validation.app import create_app as create_validation

UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
METHODS = ("get", "put", "post", "delete", "patch")
PROBES = ("PUT", "PATCH", "DELETE", "TRACE", "POST", "GET")


@pytest.fixture
async def suite(gateway, settings) -> AsyncIterator[tuple[TestClient, dict]]:
    """A gateway in front of both real services (in process, on this test's database) and its merged document."""
    servers = [TestServer(create_validation(settings)), TestServer(create_sfi(settings))]
    for server in servers:
        await server.start_server()
    try:
        urls = [str(s.make_url("")).rstrip("/") for s in servers]
        client = await gateway(validation=urls[0], sfi=urls[1])
        doc = await (await client.get("/api/openapi.json")).json()
        assert "x-incomplete" not in doc
        yield client, doc
    finally:
        for server in servers:
            await server.close()


def concrete(path: str) -> str:
    """A template with every parameter filled in (a uuid: the form every id takes)."""
    return re.sub(r"\{[^}]+\}", UUID, path)


def operations(doc: dict):
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def allow(resp) -> set[str]:
    return {m.strip() for m in resp.headers.get("Allow", "").split(",") if m.strip()}


async def test_anonymous_answers_match_each_operations_declared_security(suite):
    client, doc = suite
    wrong = []
    for path, method, op in operations(doc):
        optional = {} in op.get("security", doc.get("security", []))
        resp = await client.request(method.upper(), concrete(path))
        if (resp.status == 401) == optional:  # anonymous callers are refused exactly where a credential is required
            wrong.append(f"{method.upper()} {path}: {resp.status}, optional security: {optional}")
        if resp.status == 401 and "401" not in op["responses"]:
            wrong.append(f"{method.upper()} {path}: 401 not declared")
    assert not wrong, "\n".join(wrong)
    # the cases: publications need a sign-in (and say so), the anonymous application and mapping do not
    assert doc["paths"]["/api/sfi/v1/publications"]["get"]["security"] == [{"bearer": []}, {"apiKey": []}]
    for path in ("/api/validation/v1/applications", "/api/validation/v1/skills-mappings"):
        assert {} in doc["paths"][path]["post"]["security"], path


async def test_every_path_answers_head_for_get_and_405_with_allow_for_what_it_does_not_declare(suite):
    client, doc = suite
    wrong = []
    templates = [
        (re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(p)) + "$"), item) for p, item in doc["paths"].items()
    ]
    for path, item in doc["paths"].items():
        url = concrete(path)
        # a path answers the methods of every template it matches, as a router does (/groups/search, /groups/{id})
        declared = {m.upper() for pattern, it in templates if pattern.match(url) for m in METHODS if m in it}
        expected = declared | ({"HEAD"} if "GET" in declared else set())
        probe = next(m for m in PROBES if m not in declared)
        declared = {m.upper() for m in METHODS if m in item}
        resp = await client.request(probe, url)  # anonymous: decided before authentication
        if resp.status != 405 or allow(resp) != expected or resp.content_type != "application/problem+json":
            wrong.append(f"{probe} {path}: {resp.status} Allow={sorted(allow(resp))}, expected 405 {sorted(expected)}")
        if "GET" in declared:
            got, head = await client.get(url), await client.head(url)
            body = await head.read()
            if (
                head.status != got.status
                or body
                or head.headers.get("Content-Length") != got.headers.get("Content-Length")
            ):
                wrong.append(f"HEAD {path}: {head.status} ({len(body)} bytes) against GET {got.status}")
    assert not wrong, "\n".join(wrong)


async def test_every_get_that_honours_if_none_match_documents_304(suite):
    client, doc = suite
    wrong, seen = [], 0
    for path, method, op in operations(doc):
        if method != "get":
            continue
        url = concrete(path)
        first = await client.get(url)
        etag = first.headers.get("ETag")
        if first.status != 200 or etag is None:
            continue
        again = await client.get(url, headers={"If-None-Match": etag})
        if again.status == 304:
            seen += 1
            names = {p.get("name") for p in op.get("parameters", [])}
            if "304" not in op["responses"] or "If-None-Match" not in names:
                wrong.append(f"GET {path}: answers 304, undocumented")
            if await again.read():
                wrong.append(f"GET {path}: 304 with a body")
    assert seen >= 10, "too few conditional GETs answered anonymously to say anything"
    assert not wrong, "\n".join(wrong)
