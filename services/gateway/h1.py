"""A lean keep-alive HTTP/1.1 client for the gateway's one hop to its own services.

aiohttp's ``ClientSession`` is general (cookies, redirects, proxies, tracing, URL objects, content
decoding) and costs about as much CPU per proxied call as the service's own handler. The hop to a Lotsen
service needs none of that: write the request bytes on a pooled connection, parse the answer with
``httptools`` (llhttp, the parser Node.js uses), hand back status, headers and body. Bodies of either
direction may stream (uploads, downloads, feeds) with flow control.

Errors say how far the exchange got, because that decides whether a retry is safe:
:class:`ConnectFailed` (nothing was sent) and :class:`Broken` (the request may have reached the service).
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import AsyncIterable, AsyncIterator, Mapping

import httptools
from multidict import CIMultiDict, CIMultiDictProxy

IDLE_SECONDS = 30.0  # below aiohttp's server keep-alive (75 s), so the service never closes a connection we reuse
HIGH_WATER = 256 * 1024  # unread body bytes at which the socket stops being read (a slow client of a download)


class UpstreamError(Exception):
    """The exchange with the service failed."""


class ConnectFailed(UpstreamError):
    """No connection could be made: the request was never sent."""


class Broken(UpstreamError):
    """The connection broke (reset, closed, garbage) after the request was, or may have been, sent."""


class _Exchange:
    """The answer being read on one connection: head, body chunks, completion."""

    __slots__ = ("buffered", "chunks", "complete", "error", "head", "head_only", "names", "values", "wakeup")

    def __init__(self, loop: asyncio.AbstractEventLoop, head_only: bool) -> None:
        self.head: asyncio.Future[int] = loop.create_future()
        self.names: list[str] = []
        self.values: list[str] = []
        self.chunks: collections.deque[bytes] = collections.deque()
        self.buffered = 0
        self.complete = False
        self.error: BaseException | None = None
        self.wakeup: asyncio.Future[None] | None = None
        self.head_only = head_only  # HEAD: the answer has headers only, whatever Content-Length says

    def wake(self) -> None:
        if self.wakeup is not None and not self.wakeup.done():
            self.wakeup.set_result(None)


class Connection(asyncio.Protocol):
    """One keep-alive connection to one replica; one exchange at a time."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.exchange: _Exchange | None = None
        self.closed = False
        self.idle_since = 0.0
        self._write_ready: asyncio.Future[None] | None = None
        self._reading_paused = False

    # -- asyncio.Protocol ---------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self.exchange is None:  # bytes nobody asked for: the connection can't be trusted any more
            self.close()
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(Broken("unexpected protocol upgrade"))
        except httptools.HttpParserError as exc:
            self._fail(Broken(f"malformed answer: {exc}"))

    def eof_received(self) -> bool:
        return False  # close the transport; connection_lost does the rest

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._write_ready is not None and not self._write_ready.done():
            self._write_ready.set_exception(Broken("connection closed while sending"))
        exchange = self.exchange
        if exchange is not None and not exchange.complete:
            self._fail(Broken("connection closed before the answer was complete"))

    def pause_writing(self) -> None:
        self._write_ready = self.loop.create_future()

    def resume_writing(self) -> None:
        if self._write_ready is not None and not self._write_ready.done():
            self._write_ready.set_result(None)
        self._write_ready = None

    # -- httptools callbacks ------------------------------------------------------------------------
    def on_header(self, name: bytes, value: bytes) -> None:
        self.exchange.names.append(name.decode("latin-1"))
        self.exchange.values.append(value.decode("utf-8", "surrogateescape"))

    def on_headers_complete(self) -> None:
        exchange = self.exchange
        status = self.parser.get_status_code()
        if status < 200:  # 1xx interim answers (we never send Expect): skip, the real one follows
            exchange.names.clear()
            exchange.values.clear()
            return
        if not exchange.head.done():
            exchange.head.set_result(status)
        if exchange.head_only:
            self._finish(keep=False)  # llhttp can't know the request was HEAD; don't reuse, don't wait

    def on_body(self, body: bytes) -> None:
        exchange = self.exchange
        exchange.chunks.append(body)
        exchange.buffered += len(body)
        if exchange.buffered > HIGH_WATER and not self._reading_paused and self.transport is not None:
            self.transport.pause_reading()
            self._reading_paused = True
        exchange.wake()

    def on_message_complete(self) -> None:
        if self.exchange is not None and self.exchange.head.done():
            self._finish(keep=self.parser.should_keep_alive())

    # -- internals ----------------------------------------------------------------------------------
    def _finish(self, *, keep: bool) -> None:
        exchange = self.exchange
        exchange.complete = True
        exchange.wake()
        if not keep:
            self.close()

    def _fail(self, error: BaseException) -> None:
        exchange = self.exchange
        if exchange is not None and not exchange.complete:
            exchange.error = error
            if not exchange.head.done():
                exchange.head.set_exception(error)
                exchange.head.exception()  # retrieved: a caller that gave up must not log "never retrieved"
            exchange.wake()
        self.close()

    def resume_reading(self) -> None:
        """The consumer drained the buffer: read the socket again."""
        if self._reading_paused and self.transport is not None and not self.closed:
            self._reading_paused = False
            self.transport.resume_reading()

    async def drain(self) -> None:
        """Wait while the socket's send buffer is full."""
        if self._write_ready is not None:
            await self._write_ready

    def close(self) -> None:
        """Close for good (never returned to the pool)."""
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    def begin(self, head_only: bool) -> _Exchange:
        """Start an exchange on this (idle) connection."""
        self.exchange = _Exchange(self.loop, head_only)
        return self.exchange


class Response:
    """The service's answer: status and headers at once; the body read whole or streamed."""

    __slots__ = ("_conn", "_exchange", "_pool", "_released", "headers", "status")

    def __init__(self, status: int, conn: Connection, exchange: _Exchange, pool: HostPool) -> None:
        self.status = status
        self.headers = CIMultiDictProxy(CIMultiDict(zip(exchange.names, exchange.values, strict=True)))
        self._conn, self._exchange, self._pool = conn, exchange, pool
        self._released = False

    @property
    def content_length(self) -> int | None:
        """The announced body length, if any."""
        value = self.headers.get("Content-Length")
        return int(value) if value is not None and value.isdigit() else None

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives."""
        exchange, conn = self._exchange, self._conn
        while True:
            if exchange.chunks:
                chunk = exchange.chunks.popleft()
                exchange.buffered -= len(chunk)
                if exchange.buffered <= HIGH_WATER // 2:
                    conn.resume_reading()
                yield chunk
                continue
            if exchange.error is not None:
                raise exchange.error
            if exchange.complete:
                return
            exchange.wakeup = conn.loop.create_future()
            await exchange.wakeup
            exchange.wakeup = None

    async def read(self) -> bytes:
        """The whole body."""
        exchange = self._exchange
        if not exchange.complete or exchange.error is not None:
            return b"".join([chunk async for chunk in self.iter_chunks()])
        body = b"".join(exchange.chunks)
        exchange.chunks.clear()
        exchange.buffered = 0
        return body

    def release(self) -> None:
        """Give the connection back when the answer was read to its end, else close it."""
        if self._released:
            return
        self._released = True
        exchange, conn = self._exchange, self._conn
        if exchange.complete and exchange.error is None and not exchange.chunks and not conn.closed:
            self._pool.put(conn)
        else:
            self._pool.forget(conn)


def encode_head(method: str, target: str, host: str, headers: Mapping[str, str], framing: str) -> bytes:
    """The request line and headers; ``framing`` is the Content-Length or Transfer-Encoding line."""
    lines = [f"{method} {target} HTTP/1.1\r\nHost: {host}\r\n"]
    lines.extend(f"{name}: {value}\r\n" for name, value in headers.items())
    lines.append(framing)
    text = "".join(lines)
    expected = len(headers) + 2 + framing.count("\n")
    if text.count("\n") != expected or text.count("\r") != expected:  # a CR or LF smuggled into the head
        raise ValueError("the request target, header names and values must not contain line breaks")
    return text.encode("utf-8", "surrogateescape")


class HostPool:
    """Idle keep-alive connections to one ``host:port``, at most ``limit`` open at once."""

    def __init__(self, host: str, port: int, *, tls: bool = False, limit: int = 512) -> None:
        self.host, self.port, self.tls = host, port, tls
        self.authority = f"{host}:{port}"
        self.idle: collections.deque[Connection] = collections.deque()
        self.slots = asyncio.Semaphore(limit)

    def put(self, conn: Connection) -> None:
        """Back to the pool after a complete exchange."""
        conn.exchange = None
        conn.idle_since = time.monotonic()
        self.slots.release()
        self.idle.append(conn)

    async def get(self, connect_timeout: float) -> Connection:
        """An idle live connection (most recently used first), or a new one."""
        await self.slots.acquire()
        now = time.monotonic()
        while self.idle:
            conn = self.idle.pop()
            if not conn.closed and now - conn.idle_since < IDLE_SECONDS:
                return conn
            conn.close()
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(connect_timeout):
                _, conn = await loop.create_connection(
                    lambda: Connection(loop), self.host, self.port, ssl=True if self.tls else None
                )
        except TimeoutError:
            self.slots.release()
            raise ConnectFailed(f"no connection to {self.authority} within {connect_timeout:g} s") from None
        except OSError as exc:
            self.slots.release()
            raise ConnectFailed(f"cannot connect to {self.authority}: {exc.strerror or exc}") from exc
        except BaseException:
            self.slots.release()
            raise
        return conn

    def forget(self, conn: Connection) -> None:
        """A connection that will not come back (closed, or its answer abandoned)."""
        conn.close()
        self.slots.release()

    def close(self) -> None:
        """Close every idle connection."""
        while self.idle:
            self.idle.pop().close()


async def _send_body(conn: Connection, body: AsyncIterable[bytes]) -> None:
    """A streamed body in chunked transfer coding, with back-pressure."""
    transport = conn.transport
    async for chunk in body:
        if chunk:
            transport.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
            await conn.drain()
        if conn.closed:
            raise Broken("connection closed while sending")
    transport.write(b"0\r\n\r\n")


async def request(
    pool: HostPool,
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes | AsyncIterable[bytes] | None,
    *,
    connect_timeout: float = 2.0,
) -> Response:
    """Send one request and return once the answer's head is in; the caller reads, then releases, the body.

    Raises :class:`ConnectFailed`, :class:`Broken`, or ``ValueError`` for a line break in the head.
    Cancelling (a deadline) at any point closes the connection rather than reusing a half-read one.
    """
    if isinstance(body, bytes | bytearray) or body is None:
        payload = bytes(body or b"")
        framing = f"Content-Length: {len(payload)}\r\n\r\n" if payload or method not in ("GET", "HEAD") else "\r\n"
        head = encode_head(method, target, pool.authority, headers, framing) + payload
        stream = None
    else:
        head = encode_head(method, target, pool.authority, headers, "Transfer-Encoding: chunked\r\n\r\n")
        stream = body
    conn = await pool.get(connect_timeout)
    exchange = conn.begin(head_only=method == "HEAD")
    handed_over = False
    try:
        conn.transport.write(head)
        if stream is not None:
            try:
                await _send_body(conn, stream)
            except Broken:
                if not exchange.head.done() or exchange.head.exception() is not None:
                    raise
                # The service answered early (say 413) and closed: that answer is the one to relay.
        status = await exchange.head
        response = Response(status, conn, exchange, pool)
        handed_over = True
        return response
    finally:
        if not handed_over:
            pool.forget(conn)
