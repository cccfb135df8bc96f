"""The micro-cache through the real gateway: anonymous public GETs are answered without the hop, and nothing else."""

from __future__ import annotations

from aiohttp import web

from tests.helpers import Fresh
from tests.integration.gateway.conftest import bearer, ok_json

PERSON = Fresh(lambda: bearer("person-1", "resident"))
PUBLIC = {"Cache-Control": "public, max-age=60", "ETag": '"v1"'}


def public_list(state: dict, headers: dict[str, str] = PUBLIC):
    async def handler(request: web.Request) -> web.Response:
        state["n"] = state.get("n", 0) + 1
        return web.json_response({"data": [], "n": state["n"]}, headers=headers)

    return handler


async def test_a_public_answer_is_served_to_anonymous_callers_for_a_second_with_every_gateway_header(
    gateway, start_fake, clock
):
    state: dict = {}
    sfi = await start_fake({("GET", "/v1/groups"): public_list(state)})
    client = await gateway(sfi=sfi.url)
    first = await client.get("/api/sfi/v1/groups?course=B")
    second = await client.get("/api/sfi/v1/groups?course=B")
    assert first.status == second.status == 200
    assert (await first.json())["n"] == (await second.json())["n"] == 1 and len(sfi.seen) == 1
    assert second.headers["Age"] == "0" and second.headers["ETag"] == '"v1"'
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]  # the hit's own request id
    for name in ("X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert name in second.headers
    assert second.headers["Server"] == "lotsen"
    assert (await (await client.get("/api/sfi/v1/groups?course=C")).json())["n"] == 2  # another query: a miss
    clock.advance(1.0)
    assert (await (await client.get("/api/sfi/v1/groups?course=B")).json())["n"] == 3  # a second later: asked again


async def test_callers_with_credentials_and_answers_not_for_shared_caches_always_reach_the_service(gateway, start_fake):
    state: dict = {}
    private: dict = {}
    sfi = await start_fake(
        {
            ("GET", "/v1/groups"): public_list(state),
            ("GET", "/v1/courses"): public_list(private, {"Cache-Control": "private, max-age=60"}),
        }
    )
    client = await gateway(sfi=sfi.url)
    for _ in range(2):
        assert (await client.get("/api/sfi/v1/groups", headers=PERSON)).status == 200
        assert (await client.get("/api/sfi/v1/courses")).status == 200
        assert (await client.get("/api/sfi/v1/groups", headers={"Cache-Control": "no-cache"})).status == 200
    assert state["n"] == 4 and private["n"] == 2


async def test_a_write_through_the_gateway_drops_the_services_stored_answers(gateway, start_fake):
    state: dict = {}
    sfi = await start_fake({("GET", "/v1/groups"): public_list(state), ("POST", "/v1/matches"): ok_json({"data": []})})
    client = await gateway(sfi=sfi.url)
    await client.get("/api/sfi/v1/groups")
    await client.get("/api/sfi/v1/groups")
    assert state["n"] == 1
    assert (await client.post("/api/sfi/v1/matches", json={}, headers=PERSON)).status == 200
    assert (await (await client.get("/api/sfi/v1/groups")).json())["n"] == 2


async def test_hits_still_pass_the_rate_limit_and_are_counted(gateway, start_fake):
    state: dict = {}
    sfi = await start_fake({("GET", "/v1/groups"): public_list(state)})
    client = await gateway(sfi=sfi.url, LOTSEN_RATE_ANONYMOUS="3")
    statuses = [(await client.get("/api/sfi/v1/groups")).status for _ in range(4)]
    assert statuses == [200, 200, 200, 429] and state["n"] == 1
    metrics = await (await client.get("/metrics")).text()
    counted = [line for line in metrics.splitlines() if line.startswith("lotsen_http_requests_total{")]
    assert any('route="/api/sfi/' in line and 'status="200"} 3.0' in line for line in counted), counted


async def test_the_setting_zero_turns_it_off(gateway, start_fake):
    state: dict = {}
    sfi = await start_fake({("GET", "/v1/groups"): public_list(state)})
    client = await gateway(sfi=sfi.url, LOTSEN_GATEWAY_MICROCACHE_SECONDS="0")
    for _ in range(3):
        assert "Age" not in (await client.get("/api/sfi/v1/groups")).headers
    assert state["n"] == 3
