"""The gateway's HTTP/1.1 client against raw sockets: framing, keep-alive, failures, streaming, injection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

from services.gateway import h1
from tests.waiting import until

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[[Handler], Awaitable[h1.HostPool]]]:
    """A TCP server running ``handler`` per connection; gives a pool pointed at it."""
    servers: list[asyncio.Server] = []
    pools: list[h1.HostPool] = []
    tasks: set[asyncio.Task] = set()

    async def start(handler: Handler) -> h1.HostPool:
        async def run(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            tasks.add(asyncio.current_task())
            try:
                await handler(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(run, "127.0.0.1", 0)
        servers.append(server)
        pool = h1.HostPool("127.0.0.1", server.sockets[0].getsockname()[1])
        pools.append(pool)
        return pool

    yield start
    for pool in pools:
        pool.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for server in servers:
        server.close()
        await server.wait_closed()
    await asyncio.sleep(0)  # one turn of the loop for the closed transports' callbacks (an order, not a time)


@pytest.fixture
async def app_server() -> AsyncIterator[Callable[[web.Application], Awaitable[h1.HostPool]]]:
    """A real aiohttp server (what the services are); gives a pool pointed at it."""
    runners: list[web.AppRunner] = []
    pools: list[h1.HostPool] = []

    async def start(app: web.Application) -> h1.HostPool:
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        pool = h1.HostPool("127.0.0.1", runner.addresses[0][1])
        pools.append(pool)
        return pool

    yield start
    for pool in pools:
        pool.close()
    for runner in runners:
        await runner.cleanup()


async def _read_head(reader: asyncio.StreamReader) -> bytes:
    return await reader.readuntil(b"\r\n\r\n")


async def test_a_small_answer_is_read_whole_and_the_connection_is_reused(app_server):
    seen_peers = []

    async def hello(request: web.Request) -> web.Response:
        seen_peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"n": request.query.get("n")}, headers={"Link": "<a>", "X-Two": "1"})

    app = web.Application()
    app.router.add_get("/hello", hello)
    pool = await app_server(app)
    for n in range(3):
        resp = await h1.request(pool, "GET", f"/hello?n={n}", {"Accept": "application/json"}, None)
        assert resp.status == 200 and resp.headers["Content-Type"] == "application/json; charset=utf-8"
        assert await resp.read() == f'{{"n": "{n}"}}'.encode()
        resp.release()
    assert len(set(seen_peers)) == 1  # one keep-alive connection for all three


async def test_repeated_headers_keep_every_value(raw_server):
    async def handler(reader, writer):
        await _read_head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()

    pool = await raw_server(handler)
    resp = await h1.request(pool, "GET", "/", {}, None)
    assert resp.headers.getall("Set-Cookie") == ["a=1", "b=2"]
    resp.release()


async def test_a_chunked_answer_streams_in_pieces(app_server):
    async def feed(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for i in range(50):
            await response.write(b"x" * 10_000 + str(i).encode())
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_get("/feed", feed)
    pool = await app_server(app)
    resp = await h1.request(pool, "GET", "/feed", {}, None)
    assert resp.content_length is None
    body = b"".join([chunk async for chunk in resp.iter_chunks()])
    assert len(body) == 50 * 10_000 + sum(len(str(i)) for i in range(50))
    resp.release()
    assert len(pool.idle) == 1  # read to the end: reusable


async def test_a_streamed_request_body_arrives_whole(app_server):
    async def echo_size(request: web.Request) -> web.Response:
        data = await request.read()
        return web.json_response({"size": len(data), "chunked": request.headers.get("Transfer-Encoding")})

    async def body() -> AsyncIterator[bytes]:
        for _ in range(40):
            yield b"y" * 65536

    app = web.Application(client_max_size=10 * 1024 * 1024)
    app.router.add_post("/up", echo_size)
    pool = await app_server(app)
    resp = await h1.request(pool, "POST", "/up", {"Content-Type": "application/octet-stream"}, body())
    assert resp.status == 200
    assert await resp.read() == b'{"size": 2621440, "chunked": "chunked"}'
    resp.release()


async def test_head_answers_have_no_body_whatever_content_length_says(app_server):
    async def thing(request: web.Request) -> web.Response:
        return web.Response(body=b"z" * 500)

    app = web.Application()
    app.router.add_get("/thing", thing)
    pool = await app_server(app)
    resp = await h1.request(pool, "HEAD", "/thing", {}, None)
    assert resp.status == 200 and resp.headers["Content-Length"] == "500"
    assert await resp.read() == b""
    resp.release()
    resp = await h1.request(pool, "GET", "/thing", {}, None)  # a fresh connection: nothing left over
    assert await resp.read() == b"z" * 500
    resp.release()


async def test_interim_1xx_answers_are_skipped(raw_server):
    async def handler(reader, writer):
        await _read_head(reader)
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()

    pool = await raw_server(handler)
    resp = await h1.request(pool, "POST", "/", {}, b"{}")
    assert resp.status == 201 and await resp.read() == b"ok"
    resp.release()


async def test_a_refused_connection_is_connect_failed():
    pool = h1.HostPool("127.0.0.1", 9)  # discard port: nothing listens
    with pytest.raises(h1.ConnectFailed):
        await h1.request(pool, "GET", "/", {}, None)
    assert pool.slots._value == 512  # the slot came back


async def test_a_reset_after_sending_is_broken(raw_server):
    async def handler(reader, writer):
        await _read_head(reader)
        writer.transport.abort()

    pool = await raw_server(handler)
    with pytest.raises(h1.Broken):
        await h1.request(pool, "POST", "/x", {}, b"{}")
    assert not pool.idle


async def test_an_answer_cut_short_is_broken_when_read(raw_server):
    async def handler(reader, writer):
        await _read_head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-some")
        await writer.drain()
        writer.close()

    pool = await raw_server(handler)
    resp = await h1.request(pool, "GET", "/", {}, None)
    with pytest.raises(h1.Broken):
        await resp.read()
    resp.release()
    assert not pool.idle


async def test_garbage_instead_of_http_is_broken(raw_server):
    async def handler(reader, writer):
        await _read_head(reader)
        writer.write(b"SSH-2.0-OpenSSH\r\n\r\n")
        await writer.drain()

    pool = await raw_server(handler)
    with pytest.raises(h1.Broken):
        await h1.request(pool, "GET", "/", {}, None)


async def test_a_connection_the_service_closed_while_idle_is_not_reused(raw_server):
    connections = []

    async def handler(reader, writer):
        connections.append(writer)
        await _read_head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()
        writer.close()  # keep-alive announced, but the server closes right after

    pool = await raw_server(handler)
    for _ in range(2):
        resp = await h1.request(pool, "GET", "/", {}, None)
        assert await resp.read() == b"ok"
        resp.release()
        await until(lambda: all(c.closed for c in pool.idle), "the service's FIN arrived")
    assert len(connections) == 2


async def test_connection_close_answers_are_not_pooled(raw_server):
    async def handler(reader, writer):
        await _read_head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
        await writer.drain()

    pool = await raw_server(handler)
    resp = await h1.request(pool, "GET", "/", {}, None)
    assert await resp.read() == b"ok"
    resp.release()
    assert not pool.idle


async def test_a_cancelled_exchange_closes_its_connection_and_frees_the_slot(raw_server):
    asked = asyncio.Event()

    async def handler(reader, writer):
        await _read_head(reader)
        asked.set()
        await asyncio.Event().wait()  # never answers (cancelled when the test ends)

    pool = await raw_server(handler)
    exchange = asyncio.ensure_future(h1.request(pool, "GET", "/", {}, None))
    await until(asked.is_set, "the service has the request")
    exchange.cancel()
    with pytest.raises(asyncio.CancelledError):
        await exchange
    assert not pool.idle and pool.slots._value == 512


@pytest.mark.parametrize(
    ("target", "headers"),
    [
        ("/a\r\nX-Evil: 1", {}),
        ("/a", {"X-Ok": "1\r\nX-Evil: 1"}),
        ("/a", {"X-Ok": "1\rX-Evil: 1"}),
        ("/a", {"X-Ok": "1\nX-Evil: 1"}),
        ("/a", {"X-Evil\r\nX": "1"}),
    ],
)
async def test_line_breaks_cannot_be_smuggled_into_the_head(target, headers):
    with pytest.raises(ValueError, match="line breaks"):
        h1.encode_head("GET", target, "h:1", headers, "\r\n")


def test_the_head_carries_host_headers_and_framing():
    head = h1.encode_head("POST", "/v1/x?a=%C3%A5", "sfi:8082", {"X-A": "å"}, "Content-Length: 2\r\n\r\n")
    assert head == "POST /v1/x?a=%C3%A5 HTTP/1.1\r\nHost: sfi:8082\r\nX-A: å\r\nContent-Length: 2\r\n\r\n".encode()


async def test_a_slow_reader_pauses_the_socket_and_still_gets_everything(app_server):
    size = 4 * 1024 * 1024

    async def big(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(size // 65536):
            await response.write(b"b" * 65536)
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_get("/big", big)
    pool = await app_server(app)
    resp = await h1.request(pool, "GET", "/big", {}, None)
    total, peak = 0, 0
    async for chunk in resp.iter_chunks():
        total += len(chunk)
        peak = max(peak, resp._exchange.buffered)
        await asyncio.sleep(0)  # a slow reader: a turn of the loop per chunk (the bound holds at any speed)
    resp.release()
    assert total == size
    assert peak <= h1.HIGH_WATER + 256 * 1024  # bounded by the high-water mark (plus one socket read)
