"""Upstreams: deadlines, retries only where safe, replicas skipped, the breaker, streaming and body limits."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from tests.helpers import Fresh
from tests.integration.gateway.conftest import DEAD, bearer, ok_json

PERSON = Fresh(lambda: bearer("person-1", "resident"))


@pytest.fixture
async def resetter() -> AsyncIterator:
    """A raw TCP upstream that drops the first N requests without answering, then answers 200."""
    servers = []

    async def start(drop: int):
        state = {"requests": 0}

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (
                    int(v)
                    for k, _, v in (ln.partition(b":") for ln in head.split(b"\r\n"))
                    if k.lower() == b"content-length"
                ),
                0,
            )
            if length:
                await reader.readexactly(length)
            if head.startswith(b"GET /openapi.json"):  # the gateway's document fetch is not a proxied request
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                writer.close()
                return
            state["requests"] += 1
            if state["requests"] <= drop:
                writer.transport.abort()  # a reset connection, no answer
                return
            body = b'{"data":[]}'
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        servers.append(server)
        return f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", state

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


async def test_upstream_slower_than_the_deadline_is_504(gateway, start_fake, never):
    async def slow(request: web.Request) -> web.Response:
        await never.wait()  # answers only after the test, whatever the machine's speed
        return web.json_response({})

    sfi = await start_fake({("GET", "/v1/groups"): slow})
    client = await gateway(sfi=sfi.url, LOTSEN_UPSTREAM_DEADLINE="0.3")
    resp = await client.get("/api/sfi/v1/groups")
    assert resp.status == 504 and resp.content_type == "application/problem+json"
    assert "did not answer within 0.3 s" in (await resp.json())["detail"]


async def test_get_is_retried_once_after_a_reset_connection(gateway, resetter):
    url, state = await resetter(drop=1)
    client = await gateway(sfi=url)
    resp = await client.get("/api/sfi/v1/groups")
    assert resp.status == 200 and state["requests"] == 2


async def test_get_is_not_retried_twice(gateway, resetter):
    url, state = await resetter(drop=5)
    client = await gateway(sfi=url)
    resp = await client.get("/api/sfi/v1/groups")
    assert resp.status == 503 and state["requests"] == 2


async def test_post_without_idempotency_key_is_never_retried_after_a_reset_connection(gateway, resetter):
    url, state = await resetter(drop=1)
    client = await gateway(sfi=url)
    resp = await client.post("/api/sfi/v1/matches", json={}, headers=PERSON)
    assert resp.status == 503 and state["requests"] == 1


async def test_post_with_idempotency_key_is_retried_once_the_service_deduplicates_it(gateway, resetter):
    url, state = await resetter(drop=1)
    client = await gateway(sfi=url)
    resp = await client.post("/api/sfi/v1/matches", json={}, headers={**PERSON, "Idempotency-Key": "k-1"})
    assert resp.status == 200 and state["requests"] == 2


async def test_a_dead_replica_is_skipped_and_requests_go_to_the_live_one(gateway, start_fake):
    live = await start_fake({("GET", "/v1/groups"): ok_json({"data": []})})
    client = await gateway(sfi=f"{DEAD},{live.url}")
    statuses = [(await client.get("/api/sfi/v1/groups")).status for _ in range(6)]
    assert statuses == [200] * 6 and len(live.seen) == 6


async def test_breaker_opens_after_n_failures_answers_503_at_once_and_closes_after_a_probe(gateway, resetter, clock):
    url, state = await resetter(drop=3)
    client = await gateway(sfi=url, LOTSEN_BREAKER_FAILURES="3", LOTSEN_BREAKER_OPEN_SECONDS="5")

    async def match() -> web.Response:  # a POST without Idempotency-Key is never retried: one failure each
        return await client.post("/api/sfi/v1/matches", json={}, headers=PERSON)

    assert [(await match()).status for _ in range(3)] == [503] * 3 and state["requests"] == 3
    resp = await match()
    assert resp.status == 503 and "circuit open" in (await resp.json())["detail"]
    assert int(resp.headers["Retry-After"]) == 5 and state["requests"] == 3  # answered without asking sfi
    assert 'lotsen_gateway_breaker_state{upstream="sfi"} 2.0' in await (await client.get("/metrics")).text()
    clock.advance(4.9)
    assert (await match()).status == 503 and state["requests"] == 3  # still open
    clock.advance(0.1)
    assert (await match()).status == 200 and state["requests"] == 4  # the probe, which closes it
    assert (await match()).status == 200
    assert 'lotsen_gateway_breaker_state{upstream="sfi"} 0.0' in await (await client.get("/metrics")).text()


async def test_validation_is_unaffected_when_sfi_is_down(gateway, start_fake):
    validation = await start_fake({("GET", "/v1/roles"): ok_json({"data": []})})
    client = await gateway(validation=validation.url, LOTSEN_BREAKER_FAILURES="2")
    for _ in range(4):
        resp = await client.get("/api/sfi/v1/groups")
        assert resp.status == 503 and resp.content_type == "application/problem+json"
    assert (await client.get("/api/validation/v1/roles")).status == 200


async def test_large_download_streams_through(gateway, start_fake):
    async def feed(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/calendar"})
        await resp.prepare(request)
        for _ in range(40):
            await resp.write(b"x" * 65536)
        await resp.write_eof()
        return resp

    sfi = await start_fake({("GET", "/v1/groups/g1/calendar.ics"): feed})
    client = await gateway(sfi=sfi.url)
    resp = await client.get("/api/sfi/v1/groups/g1/calendar.ics")
    assert resp.status == 200 and len(await resp.read()) == 40 * 65536
    assert resp.headers["Content-Type"] == "text/calendar"


async def test_json_body_over_the_limit_is_413_before_reaching_the_service(gateway, start_fake):
    sfi = await start_fake({("POST", "/v1/matches"): ok_json({})})
    client = await gateway(sfi=sfi.url, LOTSEN_MAX_JSON_BYTES="1KB")
    resp = await client.post("/api/sfi/v1/matches", data=b"{" + b" " * 2000 + b"}", headers=PERSON)
    assert resp.status == 413 and resp.content_type == "application/problem+json"

    async def chunks():
        for _ in range(4):
            yield b" " * 512

    resp = await client.post("/api/sfi/v1/matches", data=chunks(), headers=PERSON)
    assert resp.status == 413
    assert sfi.seen == []


async def test_uploads_may_be_larger_and_are_streamed_to_the_service(gateway, start_fake):
    received = {}

    async def upload(request: web.Request) -> web.Response:
        received["bytes"] = len(await request.read())
        return web.json_response({"ok": True}, status=201)

    validation = await start_fake({("POST", "/v1/applications/a1/documents"): upload})
    client = await gateway(validation=validation.url, LOTSEN_MAX_JSON_BYTES="1KB", LOTSEN_MAX_UPLOAD_BYTES="1MB")
    headers = {"X-Tracking-Code": "T-1"}
    resp = await client.post(
        "/api/validation/v1/applications/a1/documents", data=io.BytesIO(b"p" * 500_000), headers=headers
    )
    assert resp.status == 201 and received["bytes"] == 500_000
    too_big = await client.post(
        "/api/validation/v1/applications/a1/documents", data=io.BytesIO(b"p" * 2_000_000), headers=headers
    )
    assert too_big.status == 413


async def test_request_id_traceparent_and_identity_are_passed_on_and_credentials_are_not(gateway, start_fake):
    sfi = await start_fake({("GET", "/v1/groups"): ok_json({"data": []})})
    client = await gateway(sfi=sfi.url)
    trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    resp = await client.get(
        "/api/sfi/v1/groups?q=a%26b",
        headers={**PERSON, "X-Request-ID": "req-42", "traceparent": trace, "X-Lotsen-Identity": "forged"},
    )
    assert resp.status == 200 and resp.headers["X-Request-ID"] == "req-42"
    _, path, headers = sfi.seen[0]
    assert path == "/v1/groups?q=a%26b"
    assert headers["X-Request-ID"] == "req-42" and headers["traceparent"] == trace
    assert "Authorization" not in headers and headers["X-Lotsen-Identity"] != "forged"


async def test_metrics_label_proxied_routes_by_template_not_raw_path(gateway, start_fake):
    sfi = await start_fake({("GET", "/v1/groups/{id}"): ok_json({}), ("GET", "/openapi.json"): ok_json(_SFI_DOC)})
    client = await gateway(sfi=sfi.url)
    await client.get("/api/openapi.json")
    for gid in ("g-1", "g-2"):
        assert (await client.get(f"/api/sfi/v1/groups/{gid}")).status == 200
    metrics = await (await client.get("/metrics")).text()
    assert 'route="/api/sfi/v1/groups/{id}",service="gateway",status="200"} 2.0' in metrics
    assert "g-1" not in metrics


_SFI_DOC = {
    "openapi": "3.1.0",
    "info": {"title": "sfi", "version": "1"},
    "paths": {"/v1/groups/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}},
}
