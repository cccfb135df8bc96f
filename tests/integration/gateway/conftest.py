"""Gateway integration fixtures: the gateway on real PostgreSQL, fake upstream services at the HTTP seam."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.app import create_app
from services.gateway.tokens import JwtConfig, mint_token
from shared.settings import load_settings
from tests.helpers import JWT_SECRET, Fresh
from tests.waiting import FakeClock


@dataclass
class Fake:
    """A fake upstream service: its URL and every request it saw (method, path, headers)."""

    url: str
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


def fake_app(
    routes: dict[tuple[str, str], Callable[[web.Request], Awaitable[web.StreamResponse]]], seen
) -> web.Application:
    """An aiohttp app answering ``routes`` and recording each request."""

    @web.middleware
    async def record(request: web.Request, handler):
        if request.path != "/openapi.json":  # the gateway's own document fetch is not a proxied request
            seen.append((request.method, request.path_qs, dict(request.headers)))
        return await handler(request)

    app = web.Application(middlewares=[record], client_max_size=100 * 1024**2)
    for (method, path), handler in routes.items():
        app.router.add_route(method, path, handler)
    return app


def ok_json(payload) -> Callable[[web.Request], Awaitable[web.Response]]:
    """A handler answering ``payload`` as JSON."""

    async def handler(request: web.Request) -> web.Response:
        return web.json_response(payload)

    return handler


@pytest.fixture
async def start_fake() -> AsyncIterator[Callable[..., Awaitable[Fake]]]:
    """Start fake upstreams on real sockets."""
    servers: list[TestServer] = []

    async def start(routes) -> Fake:
        seen: list = []
        server = TestServer(fake_app(routes, seen))
        await server.start_server()
        servers.append(server)
        return Fake(str(server.make_url("")).rstrip("/"), seen)

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def never() -> AsyncIterator[asyncio.Event]:
    """An event set only when the test is over: an upstream waiting on it answers later than any deadline."""
    event = asyncio.Event()
    yield event
    event.set()


DEAD = "http://127.0.0.1:9"  # discard port: connection refused


@pytest.fixture
def gateway_env(settings_env, db_url) -> dict[str, str]:
    """Environment for a gateway on this test's database (upstreams dead unless given)."""
    return {
        **settings_env,
        "DATABASE_URL": db_url,
        "LOTSEN_VALIDATION_URL": DEAD,
        "LOTSEN_SFI_URL": DEAD,
        "LOTSEN_RATE_ANONYMOUS": "1000",
        "LOTSEN_RATE_PERSON": "1000",
    }


@pytest.fixture
def clock() -> FakeClock:
    """The gateways' monotonic clock in a test (rate limits, key cache, breakers): it moves only when told."""
    return FakeClock()


@pytest.fixture
async def gateway(make_client, gateway_env, clock) -> Callable[..., Awaitable[TestClient]]:
    """A gateway client; keyword arguments become ``LOTSEN_*`` settings (``validation=``/``sfi=`` URLs)."""

    async def start(*, validation: str = DEAD, sfi: str = DEAD, **env: str) -> TestClient:
        values = {**gateway_env, "LOTSEN_VALIDATION_URL": validation, "LOTSEN_SFI_URL": sfi, **env}
        return await make_client(create_app(load_settings(values), clock=clock))

    return start


def bearer(sub: str = "person-1", *roles: str, ttl: int = 600) -> dict[str, str]:
    """An Authorization header for a person signed with the test dev secret."""
    config = JwtConfig(JWT_SECRET.encode(), "lotsen-dev", "lotsen")
    return {"Authorization": "Bearer " + mint_token(config, sub=sub, roles=roles or ("resident",), ttl=ttl)}


ADMIN = Fresh(lambda: bearer("admin-1", "admin"))  # minted on each use: it outlives no test run


async def create_key(client: TestClient, **body) -> dict:
    """Create a key through the API as an admin and return the answer."""
    payload = {"name": "test system", "scopes": ["schedule:read"], **body}
    resp = await client.post("/api/gateway/v1/keys", json=payload, headers=ADMIN)
    assert resp.status == 201, await resp.text()
    return await resp.json()


# The real OpenID Provider and gateways registered with it, for the sign-in tests (test_oidc_*.py).
from tests.integration.gateway.oidc_support import live_provider, oidc_gateway, provider  # noqa: E402, F401
