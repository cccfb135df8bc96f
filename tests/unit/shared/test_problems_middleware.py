"""The problem-details middleware on its own: each kind of failure → its status, never a leak."""

from __future__ import annotations

import asyncpg
import marshmallow
import pytest
from aiohttp import web

from shared.errors import Conflict, NotFound, ValidationFailed
from shared.logs import AccessLog
from shared.metrics import METRICS, HttpMetrics
from shared.middlewares import ACCESS_LOG, SERVICE_NAME, observe, problems
from tests.waiting import run_in_virtual_time


def _raiser(exc: BaseException):
    async def handler(request: web.Request) -> web.Response:
        raise exc

    return handler


CASES = [
    (NotFound("no such case"), 404, "not-found"),
    (Conflict("taken", extra={"allowed": ["mapping"]}), 409, "conflict"),
    (ValidationFailed.field("/targetRole", "unknown role"), 422, "validation-error"),
    (marshmallow.ValidationError({"name": ["Missing data"]}), 422, "validation-error"),
    (asyncpg.exceptions.StringDataRightTruncationError("too long"), 422, "validation-error"),
    (asyncpg.exceptions.UniqueViolationError("dup"), 409, "conflict"),
    (ConnectionRefusedError(), 503, "service-unavailable"),
    (asyncpg.exceptions.CannotConnectNowError("starting"), 503, "service-unavailable"),
    (RuntimeError("secret internals"), 500, "internal-error"),
]


@pytest.fixture
async def client_for():
    from aiohttp.test_utils import TestClient, TestServer

    clients = []

    async def make(exc: BaseException) -> TestClient:
        app = web.Application(middlewares=[observe, problems])
        app[METRICS] = HttpMetrics.create("t")
        app[SERVICE_NAME] = "t"
        app[ACCESS_LOG] = None
        app.router.add_route("*", "/boom", _raiser(exc))
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for c in clients:
        await c.close()


@pytest.mark.parametrize(("exc", "status", "slug"), CASES, ids=[type(c[0]).__name__ for c in CASES])
async def test_each_failure_maps_to_its_problem(client_for, exc, status, slug):
    client = await client_for(exc)
    resp = await client.get("/boom", headers={"X-Request-ID": "rid-1"})
    assert resp.status == status
    assert resp.content_type == "application/problem+json"
    body = await resp.json(content_type=None)
    assert body["type"].endswith("/" + slug)
    assert body["request_id"] == "rid-1" and body["instance"] == "/boom"
    assert "secret internals" not in await resp.text()
    assert "Traceback" not in await resp.text()
    if status == 503:
        assert resp.headers["Retry-After"]


async def test_422_lists_field_pointers(client_for):
    client = await client_for(ValidationFailed.field("/education/0/country", "unknown country"))
    body = await (await client.get("/boom")).json(content_type=None)
    assert body["errors"] == [{"pointer": "/education/0/country", "message": "unknown country"}]


async def test_domain_extra_members_are_included(client_for):
    client = await client_for(Conflict("illegal", extra={"allowed": ["mapping", "withdrawn"]}))
    body = await (await client.get("/boom")).json(content_type=None)
    assert body["allowed"] == ["mapping", "withdrawn"]


async def test_unknown_route_and_wrong_method(client_for):
    client = await client_for(RuntimeError())
    resp = await client.get("/nope")
    assert resp.status == 404 and (await resp.json(content_type=None))["request_id"]


async def test_request_id_is_generated_when_absent_or_unsafe(client_for):
    client = await client_for(NotFound())
    resp = await client.get("/boom", headers={"X-Request-ID": "bad id <with> spaces"})
    rid = resp.headers["X-Request-ID"]
    assert rid != "bad id <with> spaces" and len(rid) == 32


def test_access_log_line_is_json_without_path_or_query(tmp_path):
    import io
    import json

    stream = io.StringIO()
    AccessLog("svc", stream).write(request_id="r1", method="GET", route="/v1/groups/{id}", status=200, ms=1.5)
    doc = json.loads(stream.getvalue())
    assert doc == {**doc, "request_id": "r1", "route": "/v1/groups/{id}", "status": 200, "svc": "svc"}


def test_access_log_lines_are_written_in_batches_and_at_most_a_moment_late():
    import asyncio
    import io

    stream = io.StringIO()
    log = AccessLog("svc", stream, batch=3, delay=0.05)

    async def requests() -> None:  # in virtual time: the loop's clock moves only from timer to timer
        for i in range(2):
            log.write(request_id=f"r{i}", method="GET", route="/x", status=200, ms=1.0)
        await asyncio.sleep(0.049)
        assert stream.getvalue() == ""  # waiting for more
        await asyncio.sleep(0.002)
        assert stream.getvalue().count("\n") == 2  # the delay passed
        for i in range(3):
            log.write(request_id=f"b{i}", method="GET", route="/x", status=200, ms=1.0)
        assert stream.getvalue().count("\n") == 5  # a full batch goes at once
        log.write(request_id="last", method="GET", route="/x", status=200, ms=1.0)
        log.flush()  # at shutdown
        assert stream.getvalue().count("\n") == 6

    run_in_virtual_time(requests())
