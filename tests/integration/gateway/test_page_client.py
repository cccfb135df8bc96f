"""The pages call the services through the gateway's one upstream client: its breaker and its deadlines."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiohttp import web

from services.gateway.app import create_app
from services.gateway.web.client import target
from shared.clock import CLOCK, Clock
from shared.errors import NotFound
from shared.settings import load_settings
from tests.integration.gateway.conftest import ok_json


@pytest.fixture
def hang() -> asyncio.Event:
    """Released at the end of the test: until then a hanging upstream never answers."""
    return asyncio.Event()


async def test_a_page_whose_service_passes_the_deadline_says_try_again_and_counts_for_the_breaker(
    gateway, start_fake, hang
):
    async def never(request: web.Request) -> web.Response:
        await hang.wait()
        return web.json_response({"data": []})

    sfi = await start_fake({("GET", "/v1/groups"): never})
    client = await gateway(sfi=sfi.url, LOTSEN_UPSTREAM_DEADLINE="0.2", LOTSEN_BREAKER_FAILURES="2")
    page = await client.get("/sfi")  # the finder asks for the groups twice: two timeouts
    assert page.status == 503 and "text/html" in page.content_type
    seen = len(sfi.seen)
    # The same breaker now stands in front of the API: open, so nothing more reaches the service.
    api = await client.get("/api/sfi/v1/groups")
    assert api.status == 503 and "circuit open" in (await api.json())["detail"]
    assert len(sfi.seen) == seen
    hang.set()


async def test_an_open_breaker_spares_the_service_the_pages_calls_too(gateway, start_fake, hang):
    async def never(request: web.Request) -> web.Response:
        await hang.wait()
        return web.json_response({})

    sfi = await start_fake({("GET", "/v1/groups"): never, ("GET", "/v1/groups/{id}"): never})
    client = await gateway(sfi=sfi.url, LOTSEN_UPSTREAM_DEADLINE="0.2", LOTSEN_BREAKER_FAILURES="1")
    assert (await client.get("/api/sfi/v1/groups")).status == 504
    seen = len(sfi.seen)
    page = await client.get("/sfi/groups/g1")
    assert page.status == 503 and len(sfi.seen) == seen
    hang.set()


async def test_a_page_gets_the_services_answer_through_the_same_client(gateway, start_fake):
    async def groups(request: web.Request) -> web.Response:
        return web.json_response({"data": [], "pageToken": None})

    sfi = await start_fake({("GET", "/v1/groups"): groups})
    client = await gateway(sfi=sfi.url)
    page = await client.get("/sfi?course=B&q=a%20b")
    assert page.status == 200
    queries = sorted(path for method, path, _ in sfi.seen)
    assert queries == ["/v1/groups?limit=200&course=B&q=a+b", "/v1/groups?limit=500"]


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/v1/groups/g1", None, "/v1/groups/g1"),
        ("/v1/groups/a b?x#y", None, "/v1/groups/a%20b%3Fx%23y"),
        ("/v1/groups/%2F", None, "/v1/groups/%252F"),
        ("/v1/groups", {"q": "å&b=1", "limit": 5}, "/v1/groups?q=%C3%A5%26b%3D1&limit=5"),
        ("/v1/groups", [("day", "1"), ("day", "2")], "/v1/groups?day=1&day=2"),
    ],
)
def test_the_target_encodes_what_a_visitor_typed(path, params, expected):
    assert target(path, params) == expected


@pytest.mark.parametrize("path", ["/v1/groups/..", "/v1/groups/../admin/groups", "/v1/./groups"])
def test_a_dot_segment_never_leads_to_another_route(path):
    with pytest.raises(NotFound):
        target(path, None)


async def test_housekeeping_calls_to_a_service_still_starting_never_open_its_breaker(gateway):
    client = await gateway(LOTSEN_BREAKER_FAILURES="1")  # both services down: "still starting"
    for _ in range(3):  # each asks for the services' documents (and readiness asks every replica)
        assert (await client.get("/api/openapi.json")).status == 200
        assert (await client.get("/readyz")).status == 200
    metrics = await (await client.get("/metrics")).text()
    assert 'lotsen_gateway_breaker_state{upstream="sfi"} 0.0' in metrics
    assert not [line for line in metrics.splitlines() if line.startswith("lotsen_gateway_upstream_errors_total{")]


async def test_a_group_page_shows_sessions_from_todays_swedish_date(make_client, gateway_env, start_fake):
    # 23:30 UTC on New Year's Eve is 1 January in Stockholm: the sessions shown start there, not on the server's
    # UTC date (issue 16, "one clock").
    no_sessions = ok_json({"data": [], "pageToken": None})
    sfi = await start_fake(
        {
            ("GET", "/v1/groups/{id}"): ok_json({"id": "g1", "name": "B"}),
            ("GET", "/v1/groups/{id}/occurrences"): no_sessions,
        }
    )
    app = create_app(load_settings({**gateway_env, "LOTSEN_SFI_URL": sfi.url}))
    app[CLOCK] = Clock(lambda: datetime(2030, 12, 31, 23, 30, tzinfo=UTC))
    client = await make_client(app)
    await client.get("/sfi/groups/g1")
    asked = [path for method, path, _ in sfi.seen if "/occurrences" in path]
    assert len(asked) == 1 and "from=2031-01-01&" in asked[0], asked
