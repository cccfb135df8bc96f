"""Background request load for fault tests: every answer is recorded with its time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

from tests.waiting import HANG


@dataclass(slots=True)
class Answer:
    """One request's outcome: when, status (``None`` when nothing came back), headers, body and tag."""

    at: float
    status: int | None
    media: str = ""
    retry_after: str | None = None
    body: str = ""
    tag: object = None
    seconds: float = 0.0


@dataclass
class Load:
    """``workers`` loops calling ``request`` until stopped."""

    request: Callable[[aiohttp.ClientSession, int], Awaitable[Answer]]
    workers: int = 4
    answers: list[Answer] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def _loop(self, session: aiohttp.ClientSession, worker: int) -> None:
        n = 0
        while not self._stop.is_set():
            n += 1
            start = time.monotonic()
            try:
                answer = await self.request(session, worker * 1_000_000 + n)
            except (aiohttp.ClientError, TimeoutError) as exc:
                answer = Answer(start, None, body=f"{type(exc).__name__}: {exc}")
            answer.at, answer.seconds = start, time.monotonic() - start
            self.answers.append(answer)
            await asyncio.sleep(0.01)  # pacing between requests, not a wait for anything

    async def run(self) -> None:
        """Run until ``stop()``."""
        timeout = aiohttp.ClientTimeout(total=HANG)  # the suite's own answer (503, 504) is what the tests judge
        async with aiohttp.ClientSession(timeout=timeout) as session:
            await asyncio.gather(*(self._loop(session, w) for w in range(self.workers)))

    def stop(self) -> None:
        """Let every worker finish its current request and end."""
        self._stop.set()

    def within(self, start: float, end: float) -> list[Answer]:
        """Answers to requests sent at ``start`` or later and answered by ``end`` (whole requests in the window)."""
        return [a for a in self.answers if start <= a.at and a.at + a.seconds <= end]

    def count(self, status: int, since: float = 0.0) -> int:
        """How many requests sent at ``since`` or later were answered ``status``."""
        return sum(1 for a in self.answers if a.status == status and a.at >= since)


async def record(resp: aiohttp.ClientResponse, tag: object = None) -> Answer:
    """An ``Answer`` from a response."""
    body = await resp.text(errors="replace")
    return Answer(0, resp.status, resp.content_type, resp.headers.get("Retry-After"), body[:400], tag)
