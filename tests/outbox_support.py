"""Test counterparts of the outbox: a clock the test moves, a webhook receiver it can hold, an SMTP server."""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from aiosmtpd.smtp import SMTP

from shared.outbox.people import redact

WAIT = 30.0  # only a guard against a hang: every wait below ends on an event, not on time


class FakeClock:
    """The outbox's clock in tests: stands still until ``advance``."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time on, e.g. past a lease or a backoff."""
        self.now += timedelta(seconds=seconds)


@dataclass
class Receiver:
    """A subscriber's endpoint on loopback; requests named by ``hold`` wait for ``release()`` before answering."""

    answer: Callable[[int], int] = lambda n: 204  # status for the n-th request (1-based)
    hold: Callable[[int], bool] = lambda n: False
    location: str | None = None  # sent with every answer, to try a redirect
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""
    port: int = 0
    _gate: asyncio.Event = field(default_factory=asyncio.Event)
    _arrivals: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append((dict(request.headers), body))
        n = len(self.received)
        async with self._arrivals:
            self._arrivals.notify_all()
        if self.hold(n):
            await self._gate.wait()
        return web.Response(status=self.answer(n), headers={"Location": self.location} if self.location else None)

    def release(self) -> None:
        """Answer the requests that wait."""
        self._gate.set()

    async def arrived(self, count: int) -> None:
        """Wait until ``count`` requests have come in."""
        async with self._arrivals:
            await asyncio.wait_for(self._arrivals.wait_for(lambda: len(self.received) >= count), WAIT)

    async def start(self) -> TestServer:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        self.port = server.port or 0
        self.url = f"http://127.0.0.1:{self.port}/hook"
        return server


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.sink.rcpt_answer(address)
        if code.startswith("250"):
            envelope.rcpt_tos.append(address)
        return code

    async def handle_DATA(self, server, session, envelope):
        answer = self.sink.data_answer(len(self.sink.messages) + len(self.sink.refused) + 1)
        if not answer.startswith("250"):
            self.sink.refused.append(envelope.content)
            return answer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.sink.messages.append((list(envelope.rcpt_tos), message))
        return answer


@dataclass
class SmtpSink:
    """A real SMTP server (aiosmtpd) in the test's event loop; keeps what arrives."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refused: list[bytes] = field(default_factory=list)
    rcpt_answer: Callable[[str], str] = lambda address: "250 OK"
    data_answer: Callable[[int], str] = lambda n: "250 OK"
    port: int = 0
    _server: asyncio.Server | None = None

    async def start(self) -> SmtpSink:
        loop = asyncio.get_running_loop()
        handler = _Handler(self)
        self._server = await loop.create_server(lambda: SMTP(handler, hostname="sink.test"), "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def env(self) -> dict[str, str]:
        """The settings that send the service's e-mail here."""
        return {
            "LOTSEN_SMTP_HOST": "127.0.0.1",
            "LOTSEN_SMTP_PORT": str(self.port),
            "LOTSEN_SMTP_TLS": "off",
            "LOTSEN_SMTP_FROM": "lotsen@kommun.example.se",
        }


def readable(mail: EmailMessage) -> str:
    """What a person reads of a message: its subject and every text part, decoded (base64, quoted-printable)."""
    parts = [part.get_content() for part in mail.walk() if part.get_content_maintype() == "text"]
    return "\n".join([str(mail["Subject"] or ""), *parts])


def smtp_sink(clean: Callable[[str], bool]):
    """A ``sink`` fixture: the SMTP server, and after each test every message that reached it is scanned as a
    person reads it (decoded, not the raw MIME, whose base64 could hide a number or happen to look like one):
    ``clean`` (no identity number of the test's people in it) and unchanged by ``redact``."""

    @pytest.fixture
    async def sink() -> AsyncIterator[SmtpSink]:
        server = await SmtpSink().start()
        yield server
        await server.close()
        for _, mail in server.messages:
            text = readable(mail)
            assert clean(text), (mail["Subject"], text)
            assert redact(text) == text, (mail["Subject"], text)

    return sink
