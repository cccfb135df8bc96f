"""Background request load for fault tests: every answer is recorded with its time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp


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
            await asyncio.sleep(0.01)

    async def run(self) -> None:
        """Run until ``stop()``."""
        timeout = aiohttp.ClientTimeout(total=15)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            await asyncio.gather(*(self._loop(session, w) for w in range(self.workers)))

    def stop(self) -> None:
        """Let every worker finish its current request and end."""
        self._stop.set()

    def between(self, start: float, end: float) -> list[Answer]:
        """Answers to requests sent in ``[start, end)``."""
        return [a for a in self.answers if start <= a.at < end]


async def record(resp: aiohttp.ClientResponse, tag: object = None) -> Answer:
    """An ``Answer`` from a response."""
    body = await resp.text(errors="replace")
    return Answer(0, resp.status, resp.content_type, resp.headers.get("Retry-After"), body[:400], tag)
