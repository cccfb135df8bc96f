"""HTTP basics through the gateway: HEAD wherever GET, 405 with Allow before authentication, large answers whole."""

from __future__ import annotations

import asyncio
import hashlib
import json

from aiohttp import web

from tests.integration.gateway.conftest import bearer

FEED = b"BEGIN:VCALENDAR\r\n" + b"X" * 5000 + b"\r\nEND:VCALENDAR\r\n"
BIG = 6 * 1024 * 1024 + 123  # above the gateway's buffer limit: streamed, several MB
DOC = {
    "openapi": "3.1.0",
    "info": {"title": "sfi", "version": "1"},
    "paths": {
        "/v1/groups/{id}/calendar.ics": {"get": {"responses": {"200": {"description": "OK"}}}},
        "/v1/groups/{id}/enrolments": {"post": {"responses": {"201": {"description": "Created"}}}},
        "/v1/groups/{id}": {"get": {"responses": {"200": {"description": "OK"}}}},
        "/v1/groups/search": {"post": {"responses": {"200": {"description": "OK"}}}},
        "/v1/export.csv": {"get": {"responses": {"200": {"description": "OK"}}}},
    },
}


def _pattern(size: int) -> bytes:
    """``size`` bytes that are not all alike, so a lost or repeated chunk changes the digest."""
    block = bytes(range(256)) * 256
    return (block * (size // len(block) + 1))[:size]


def allow(resp) -> set[str]:
    """The methods an ``Allow`` header names."""
    return {m.strip() for m in resp.headers["Allow"].split(",")}


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(DOC)


async def feed(request: web.Request) -> web.Response:
    return web.Response(
        body=FEED,
        content_type="text/calendar",
        headers={"ETag": '"feed-1"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"},
    )


async def export(request: web.Request) -> web.StreamResponse:
    """A big CSV export, chunked (``?sized=1``: with Content-Length), written in uneven pieces."""
    body = _pattern(BIG)
    resp = web.StreamResponse(headers={"Content-Type": "text/csv"})
    if request.query.get("sized"):
        resp.content_length = len(body)
    await resp.prepare(request)
    if request.method != "HEAD":
        for start in range(0, len(body), 300_007):
            await resp.write(body[start : start + 300_007])
    await resp.write_eof()
    return resp


ROUTES = {
    ("GET", "/openapi.json"): openapi,
    ("GET", "/v1/groups/{id}/calendar.ics"): feed,
    ("HEAD", "/v1/groups/{id}/calendar.ics"): feed,
    ("GET", "/v1/export.csv"): export,
    ("HEAD", "/v1/export.csv"): export,
    ("POST", "/v1/groups/search"): openapi,
}


async def _gateway(gateway, start_fake):
    sfi = await start_fake(ROUTES)
    client = await gateway(sfi=sfi.url)
    assert (await client.get("/api/openapi.json")).status == 200  # the merged document (and its paths) is in
    return client, sfi


async def test_head_through_the_gateway_keeps_length_and_validators_and_sends_no_body(gateway, start_fake):
    client, sfi = await _gateway(gateway, start_fake)
    got = await client.get("/api/sfi/v1/groups/g1/calendar.ics")
    resp = await client.head("/api/sfi/v1/groups/g1/calendar.ics")
    assert resp.status == 200
    assert resp.headers["Content-Length"] == str(len(FEED)) == got.headers["Content-Length"]
    assert resp.headers["ETag"] == '"feed-1"' and resp.headers["Last-Modified"] == got.headers["Last-Modified"]
    assert resp.headers["Content-Type"].startswith("text/calendar")
    assert await resp.read() == b""
    assert [m for m, p, _ in sfi.seen if p.endswith("calendar.ics")] == ["GET", "HEAD"]  # HEAD reached the service


async def test_head_of_a_large_answer_keeps_its_length(gateway, start_fake):
    client, _ = await _gateway(gateway, start_fake)
    resp = await client.head("/api/sfi/v1/export.csv?sized=1", headers=bearer())
    assert resp.status == 200 and resp.headers["Content-Length"] == str(BIG) and await resp.read() == b""
    # the connection stays usable: the next answer on it is whole
    assert (await client.get("/api/sfi/v1/groups/g1/calendar.ics")).status == 200


async def test_head_on_the_gateways_own_routes_and_pages(gateway, start_fake):
    client, _ = await _gateway(gateway, start_fake)
    for path in ("/api/openapi.json", "/api/docs", "/", "/signin", "/static/style.css", "/healthz"):
        got = await client.get(path)
        resp = await client.head(path)
        assert resp.status == got.status == 200, path
        assert await resp.read() == b"", path
        assert resp.headers["Content-Type"] == got.headers["Content-Type"], path


async def test_undeclared_method_on_a_known_proxied_path_is_405_with_allow_before_authentication(gateway, start_fake):
    client, sfi = await _gateway(gateway, start_fake)
    seen = len(sfi.seen)
    for method, headers in (("PUT", {}), ("TRACE", {}), ("DELETE", bearer()), ("PATCH", {"X-API-Key": "nonsense"})):
        resp = await client.request(method, "/api/sfi/v1/groups/g1/calendar.ics", headers=headers)
        assert resp.status == 405, (method, await resp.text())
        assert allow(resp) == {"GET", "HEAD"}
        assert resp.content_type == "application/problem+json"
        assert (await resp.json())["status"] == 405
    # every template a path matches counts, as in the service's router: /groups/search (POST) and /groups/{id} (GET)
    resp = await client.put("/api/sfi/v1/groups/search")
    assert resp.status == 405 and allow(resp) == {"GET", "HEAD", "POST"}
    assert len(sfi.seen) == seen, "a refused method never reaches the service"


async def test_unknown_paths_stay_404_or_401_as_before_and_declared_methods_pass(gateway, start_fake):
    client, _ = await _gateway(gateway, start_fake)
    assert (await client.put("/api/sfi/v1/no-such-thing", headers=bearer())).status == 404
    assert (await client.post("/api/sfi/v1/groups/search", headers=bearer())).status == 200


async def test_undeclared_method_on_the_gateways_own_paths_is_405_before_authentication(gateway, start_fake):
    client, _ = await _gateway(gateway, start_fake)
    for path in ("/api/openapi.json", "/api/gateway/v1/keys"):
        resp = await client.put(path, data=b"{}")
        assert resp.status == 405, (path, await resp.text())
        assert "GET" in allow(resp) and "HEAD" in allow(resp) and resp.content_type == "application/problem+json"
    assert (await client.delete("/api/docs/nothing.css")).status == 405
    assert (await client.get("/api/no-such-route")).status == 404


async def test_a_large_streamed_answer_arrives_whole_chunked_and_with_content_length(gateway, start_fake):
    client, _ = await _gateway(gateway, start_fake)
    expected = hashlib.sha256(_pattern(BIG)).hexdigest()
    for query in ("", "?sized=1"):
        resp = await client.get(f"/api/sfi/v1/export.csv{query}", headers=bearer())
        assert resp.status == 200
        if query:
            assert resp.headers["Content-Length"] == str(BIG)
        digest, total = hashlib.sha256(), 0
        async for chunk in resp.content.iter_chunked(4096):  # a client reading in small bites
            digest.update(chunk)
            total += len(chunk)
        assert total == BIG and digest.hexdigest() == expected, query

    # two at once on the same upstream pool, then one more: nothing is left half-read or hanging
    async def whole() -> int:
        resp = await client.get("/api/sfi/v1/export.csv", headers=bearer())
        return len(await resp.read())

    assert await asyncio.gather(whole(), whole()) == [BIG, BIG]
    assert json.loads(await (await client.get("/api/openapi.json")).read())["paths"]
