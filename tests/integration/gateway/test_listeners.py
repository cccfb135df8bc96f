"""The gateway's listeners (issue 17, findings 7 and 10): malformed requests, versions, internal endpoints."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from services.gateway.app import create_app
from services.gateway.server import listen, stop
from shared.localpg import free_port
from shared.settings import load_settings

SECRET = "Bearer eyJhbGciOiJIUzI1NiJ9.SECRET-TOKEN-PART"


@pytest.fixture
async def serve(gateway_env) -> AsyncIterator:
    """Start a gateway the way ``python -m services.gateway`` does; its public URL (and internal URL)."""
    started: list[list[web.AppRunner]] = []

    async def start(**env: str) -> tuple[str, str | None]:
        port = free_port()
        settings = load_settings({**gateway_env, "LOTSEN_GATEWAY_HOST": "127.0.0.1", **env})
        app = create_app(settings)
        started.append(await listen(app, "127.0.0.1", port, handle_signals=False))
        internal = env.get("LOTSEN_GATEWAY_INTERNAL_PORT")
        return f"http://127.0.0.1:{port}", f"http://127.0.0.1:{internal}" if internal else None

    yield start
    for runners in started:
        await stop(runners)


async def _raw(url: str, head: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(head)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return answer


@pytest.mark.parametrize(
    "header",
    [
        b"Authorization: " + SECRET.encode() + b"A" * 9000,  # longer than aiohttp's 8190-byte field limit
        b"Authorization: " + SECRET.encode() + b"\x01",  # a control character
        b"X-Long: " + b"B" * 9000 + b"\r\nAuthorization: " + SECRET.encode(),
    ],
)
async def test_a_request_too_malformed_to_parse_is_a_bare_400_that_repeats_none_of_it(serve, caplog, header):
    url, _ = await serve()
    with caplog.at_level(logging.DEBUG):
        answer = await _raw(url, b"GET /api/sfi/v1/groups HTTP/1.1\r\nHost: x\r\n" + header + b"\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 400") or head.startswith(b"HTTP/1.1 400")
    assert b"SECRET" not in answer and b"Bearer" not in answer
    assert b"application/problem+json" in head and b'"status": 400' in body
    assert b"Server: lotsen\r\n" in head and b"Python" not in head and b"aiohttp" not in head
    logged = caplog.text + "".join(str(r.exc_info) for r in caplog.records)
    assert "SECRET" not in logged and "Bearer" not in logged


async def test_no_answer_names_python_or_aiohttp_not_even_a_relayed_one(serve, start_fake):
    async def groups(request: web.Request) -> web.Response:
        return web.json_response({"data": []}, headers={"Server": "Python/3.11 aiohttp/3.14"})

    sfi = await start_fake({("GET", "/v1/groups"): groups})
    url, _ = await serve(LOTSEN_SFI_URL=sfi.url)
    async with aiohttp.ClientSession() as session:
        for path in ("/api/sfi/v1/groups", "/healthz", "/", "/api/nowhere", "/static/style.css"):
            async with session.get(url + path) as resp:
                assert resp.headers.getall("Server") == ["lotsen"], path


async def test_in_production_metrics_and_readiness_are_on_the_internal_port_only(serve):
    internal_port = str(free_port())
    public, internal = await serve(LOTSEN_ENV="production", LOTSEN_GATEWAY_INTERNAL_PORT=internal_port)
    async with aiohttp.ClientSession() as session:

        async def status(url: str) -> int:
            async with session.get(url) as resp:
                return resp.status

        assert await status(public + "/healthz") == 200
        assert await status(public + "/readyz") == 404
        assert await status(public + "/metrics") == 404
        assert await status(internal + "/healthz") == 200
        assert await status(internal + "/readyz") == 200
        async with session.get(internal + "/metrics") as resp:
            assert resp.status == 200 and "lotsen_gateway_breaker_state" in await resp.text()
        # The internal port serves nothing else: no API, no pages.
        for path in ("/api/sfi/v1/groups", "/", "/api/openapi.json"):
            assert await status(internal + path) == 404


def test_production_always_has_an_internal_port_and_development_only_when_asked(gateway_env):
    from services.gateway.config import INTERNAL_PORT, from_settings

    assert from_settings(load_settings({**gateway_env, "LOTSEN_ENV": "production"})).internal_port == INTERNAL_PORT
    assert from_settings(load_settings(gateway_env)).internal_port is None
    dev = load_settings({**gateway_env, "LOTSEN_GATEWAY_INTERNAL_PORT": "9999"})
    assert from_settings(dev).internal_only
