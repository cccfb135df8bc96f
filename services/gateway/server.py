"""How the gateway listens: its public port, and an internal one for metrics and readiness.

The gateway is the only public listener, so two things differ from the services' ``shared.serve``:

* A request aiohttp cannot parse (a header over 8 KB, a control character) is answered by aiohttp itself,
  before any middleware, with the parser's message — which quotes the offending header, an
  ``Authorization`` token included — and logged with that message and a traceback. The gateway's
  connection handler answers a bare problem+json 400 instead and logs one line naming only the error's
  kind. No answer names Python or aiohttp (``Server: lotsen``).
* ``/metrics`` (request counts per route, breaker states) and ``/readyz`` (a database round trip per
  call) are for Prometheus and the kubelet, not the Internet: with ``LOTSEN_GATEWAY_INTERNAL_PORT`` set
  (always in production) they are served on that port only, the public port answers 404, and the
  Ingress routes nothing to it. ``/healthz`` stays on both.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from services.gateway.config import GATEWAY_CONFIG
from services.gateway.hygiene import SECURITY_HEADERS, SERVER
from shared.app import READINESS, healthz, readyz
from shared.db import DB_POOL
from shared.metrics import METRICS, metrics_handler
from shared.serve import SHUTDOWN_GRACE

log = logging.getLogger("lotsen.gateway.server")


class QuietRequestHandler(RequestHandler):
    """aiohttp's connection handler, but a request it cannot parse gets an answer that repeats nothing of it."""

    __slots__ = ()

    def handle_error(
        self, request: web.BaseRequest, status: int = 500, exc: BaseException | None = None, message: str | None = None
    ) -> web.StreamResponse:
        """A bare problem answer; the log names only the kind of error (never the bytes the client sent)."""
        if status >= 500:
            log.error("error handling a request: %s", type(exc).__name__, exc_info=exc)
        else:
            log.info("refused a malformed request: %s", type(exc).__name__)
        title = "Bad request" if status < 500 else "Internal error"
        body = {"type": "about:blank", "title": title, "status": status, "detail": "The request could not be read"}
        response = web.Response(
            status=status,
            body=json.dumps(body).encode(),
            content_type="application/problem+json",
            headers={"Server": SERVER, **dict(SECURITY_HEADERS)},
        )
        response.force_close()
        return response


class _Server(web.Server):
    def __call__(self) -> RequestHandler:
        return QuietRequestHandler(self, loop=self._loop, **self._kwargs)


class GatewayRunner(web.AppRunner):
    """An ``AppRunner`` whose connections are handled by :class:`QuietRequestHandler`."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        return _Server(
            server.request_handler,
            request_factory=server.request_factory,
            handler_cancellation=server.handler_cancellation,
            loop=server._loop,
            **server._kwargs,
        )


def internal_app(main: web.Application) -> web.Application:
    """``/metrics``, ``/readyz`` and ``/healthz`` of the started gateway ``main``, for the internal port."""
    app = web.Application()
    app[METRICS] = main[METRICS]
    app[DB_POOL] = main[DB_POOL]
    readiness = main[READINESS]
    app[READINESS] = lambda _: readiness(main)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_handler)
    return app


async def listen(app: web.Application, host: str, port: int, *, handle_signals: bool = True) -> list[web.AppRunner]:
    """Start ``app`` and its listeners (public, and internal when configured); the runners to clean up."""
    runners: list[web.AppRunner] = []
    try:
        public = GatewayRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE, handle_signals=handle_signals)
        runners.append(public)
        await public.setup()  # starts the app: pool, upstreams, jobs
        config = app[GATEWAY_CONFIG]
        if config.internal_port is not None:
            internal = GatewayRunner(internal_app(app), access_log=None, shutdown_timeout=1.0)
            runners.append(internal)
            await internal.setup()
            await web.TCPSite(internal, config.internal_host, config.internal_port).start()
        await web.TCPSite(public, host, port).start()
    except BaseException:
        await stop(runners)
        raise
    return runners


async def stop(runners: list[web.AppRunner]) -> None:
    """Stop listening, finish in-flight requests, stop the app."""
    for runner in reversed(runners):
        await runner.cleanup()


async def _serve(app: web.Application, host: str, port: int) -> None:
    runners = await listen(app, host, port)
    try:
        await asyncio.Event().wait()  # until SIGTERM/SIGINT (GracefulExit) cancels this task
    finally:
        await stop(runners)


def run(app: web.Application, host: str, port: int, loop: asyncio.AbstractEventLoop) -> None:
    """Serve ``app`` until SIGTERM/SIGINT, then finish in-flight requests (as ``web.run_app`` does)."""
    asyncio.set_event_loop(loop)
    task = loop.create_task(_serve(app, host, port))
    try:
        loop.run_until_complete(task)
    except (web.GracefulExit, KeyboardInterrupt):
        pass
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, web.GracefulExit):
            loop.run_until_complete(task)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
