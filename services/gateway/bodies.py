"""Read deadlines for request bodies: one that stalls, or takes too long in all, is cut off with 408.

aiohttp waits for a body as long as the client likes, so a client trickling one byte every few seconds
holds a connection, a handler and its buffers open indefinitely (a slow-body attack). Each body still
arriving when its handler starts is watched; one coarse timer checks every watched body, like
:mod:`services.gateway.deadlines`, and fails the stream of one that has made no progress for
``idle`` seconds or is not complete after its total time. The handler's next read then raises
:class:`BodyTooSlow`, which the problems middleware answers with 408 (the connection is then closed).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from aiohttp import StreamReader

from shared.errors import DomainError


class BodyTooSlow(DomainError):
    """The request body stopped arriving, or did not arrive in time."""

    status, slug, title = 408, "request-timeout", "The request body arrived too slowly"


class _Watched:
    __slots__ = ("content", "end", "seen", "since")

    def __init__(self, content: StreamReader, now: float, total: float) -> None:
        self.content = content
        self.end = now + total
        self.seen = content.total_bytes
        self.since = now


class BodyWatch:
    """The bodies being read right now, and the timer that checks their progress while any is open."""

    def __init__(self, *, idle: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle = idle
        self.tick = min(1.0, idle / 4)
        self._clock = clock
        self._open: dict[int, _Watched] = {}
        self._timer: asyncio.TimerHandle | None = None

    def watch(self, content: StreamReader, total: float) -> int:
        """Start watching ``content`` (a body still arriving), which must be complete within ``total`` s."""
        key = id(content)
        self._open[key] = _Watched(content, self._clock(), total)
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.tick, self._on_timer)
        return key

    def unwatch(self, key: int) -> None:
        """The handler is done with the body."""
        self._open.pop(key, None)

    def close(self) -> None:
        """Stop the timer (the app is stopping)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _on_timer(self) -> None:
        self._timer = None
        self.sweep()
        if self._open:
            self._timer = asyncio.get_running_loop().call_later(self.tick, self._on_timer)

    def sweep(self) -> None:
        """Fail every body that stalled for ``idle`` seconds or ran past its total time; forget finished ones."""
        now = self._clock()
        for key, w in list(self._open.items()):
            content = w.content
            if content.is_eof() or content.exception() is not None:
                del self._open[key]
                continue
            if content.total_bytes != w.seen:
                w.seen, w.since = content.total_bytes, now
            if now - w.since >= self.idle:
                detail = f"No part of the request body arrived for {self.idle:g} s"
            elif now >= w.end:
                detail = "The request body did not arrive in time"
            else:
                continue
            del self._open[key]
            content.set_exception(BodyTooSlow(detail))
