"""A bare aiohttp relay: the floor under the gateway (same server, same upstream client, nothing else).

``python -m bench.relay PORT SFI_URL IDENTITY`` forwards ``/api/sfi/...`` to the sfi service with a fixed
identity assertion, like the nginx reference. No authentication, limits, route table, metrics, access log
or header hygiene: what the gateway adds on top of this is the cost of its own logic; what this adds over
nginx is the cost of aiohttp and Python.
"""

from __future__ import annotations

import sys

from aiohttp import web
from multidict import CIMultiDict
from yarl import URL

from services.gateway import h1
from services.gateway.upstream import HOP_BY_HOP
from shared.serve import new_event_loop

PREFIX = "/api/sfi"


def create_app(sfi_url: str, identity: str) -> web.Application:
    """The relay app."""
    upstream = URL(sfi_url)
    pool = h1.HostPool(upstream.host or "127.0.0.1", upstream.port or 80)
    extra = {"X-Lotsen-Identity": identity, "X-Forwarded-Prefix": PREFIX}

    async def relay(request: web.Request) -> web.Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        up = await h1.request(pool, request.method, request.raw_path[len(PREFIX) :], {**headers, **extra}, None)
        try:
            body = await up.read()
        finally:
            up.release()
        out = CIMultiDict((k, v) for k, v in up.headers.items() if k.lower() not in HOP_BY_HOP)
        return web.Response(status=up.status, body=body, headers=out)

    app = web.Application()
    app.router.add_route("GET", PREFIX + "/{tail:.*}", relay)
    return app


def main() -> None:
    port, sfi_url, identity = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    web.run_app(
        create_app(sfi_url, identity),
        host="127.0.0.1",
        port=port,
        loop=new_event_loop("uvloop"),
        access_log=None,
        print=None,
    )


if __name__ == "__main__":
    main()
