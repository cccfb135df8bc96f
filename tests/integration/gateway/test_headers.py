"""Headers only the gateway sets, in any spelling a client may use (issue 17, finding 9)."""

from __future__ import annotations

import pytest
from aiohttp import web

from tests.integration.gateway.conftest import bearer

GATEWAY_OWNED = ["X-Forwarded-Prefix", "X-Forwarded-Proto", "X-Forwarded-For", "X-Forwarded-Host", "X-Lotsen-Identity"]


def _spellings(name: str) -> list[str]:
    return [name, name.lower(), name.upper(), name.swapcase()]


async def _echo(request: web.Request) -> web.Response:
    """What the service sees: every value of every gateway-owned header."""
    return web.json_response({name: request.headers.getall(name, []) for name in GATEWAY_OWNED})


@pytest.mark.parametrize("spelling", [s for name in GATEWAY_OWNED for s in _spellings(name)])
async def test_a_client_copy_of_a_gateway_header_never_reaches_the_service(gateway, start_fake, spelling):
    sfi = await start_fake({("GET", "/v1/groups"): _echo})
    client = await gateway(sfi=sfi.url)
    resp = await client.get("/api/sfi/v1/groups", headers={spelling: "https://evil.example/x"})
    assert resp.status == 200
    seen = await resp.json()
    assert seen["X-Forwarded-Prefix"] == ["/api/sfi"]
    assert seen["X-Forwarded-Proto"] == ["http"]
    assert seen["X-Forwarded-For"] == ["127.0.0.1"]
    assert seen["X-Forwarded-Host"] == []
    assert len(seen["X-Lotsen-Identity"]) == 1 and "evil" not in seen["X-Lotsen-Identity"][0]


async def test_behind_a_trusted_proxy_every_forwarded_for_line_counts(gateway, start_fake):
    sfi = await start_fake({("GET", "/v1/groups"): _echo})
    client = await gateway(sfi=sfi.url, LOTSEN_TRUSTED_PROXIES="127.0.0.1/32")
    # The client's own line first, then the one a proxy added: the client address is the proxy's word.
    headers = [("x-forwarded-for", "10.9.9.9"), ("X-Forwarded-For", "203.0.113.7")]
    resp = await client.get("/api/sfi/v1/groups", headers=headers)
    assert (await resp.json())["X-Forwarded-For"] == ["203.0.113.7"]


async def test_the_public_prefix_in_links_and_problems_is_the_gateways(gateway, start_fake):
    """A service builds ``Link`` and ``instance`` from the prefix it is given (shared/middlewares.py)."""

    async def page(request: web.Request) -> web.Response:
        prefix = request.headers.get("X-Forwarded-Prefix", "")
        return web.json_response({"instance": prefix + request.path}, headers={"Link": f'<{prefix}/v1/g>; rel="next"'})

    sfi = await start_fake({("GET", "/v1/groups"): page})
    client = await gateway(sfi=sfi.url)
    resp = await client.get("/api/sfi/v1/groups", headers={"x-forwarded-prefix": "https://evil.example", **bearer()})
    assert resp.headers["Link"] == '</api/sfi/v1/g>; rel="next"'
    assert (await resp.json())["instance"] == "/api/sfi/v1/groups"
