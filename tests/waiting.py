"""Time in tests without the machine's speed: a clock the test moves, and waits for a condition, not for a time.

A test never sleeps for "long enough" and never asserts how long something took. Either time comes from a
:class:`FakeClock` injected where the code reads its clock, or the test waits until the state it needs holds.
The bound of a wait only ends a test that would otherwise hang: it is far beyond what any slow machine needs,
so reaching it means something is broken, not that the machine was busy.
"""

from __future__ import annotations

import asyncio
import inspect
import selectors
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

HANG = 120.0  # seconds; only a broken test waits this long
POLL = 0.02  # seconds between looks at the condition


class FakeClock:
    """A monotonic clock (seconds, like ``time.monotonic``) that moves only when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        self.now += seconds


async def until(
    check: Callable[[], Any | Awaitable[Any]], what: str, *, within: float = HANG, poll: float = POLL
) -> Any:
    """Wait until ``check()`` (sync or async) returns something truthy, and return it."""
    end = time.monotonic() + within
    while True:
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"still not true after {within:g} s: {what}")
        await asyncio.sleep(poll)


def until_sync(check: Callable[[], Any], what: str, *, within: float = HANG, poll: float = POLL) -> Any:
    """:func:`until` for code outside an event loop (process harnesses)."""
    end = time.monotonic() + within
    while not (result := check()):
        if time.monotonic() > end:
            raise AssertionError(f"still not true after {within:g} s: {what}")
        time.sleep(poll)
    return result


class _JumpingSelector(selectors.DefaultSelector):
    """A selector that never waits: when nothing is ready, the loop's clock jumps to its next timer instead."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = 0.0

    def select(self, timeout: float | None = None) -> list:
        events = super().select(0)
        if not events:
            if timeout is None:
                raise RuntimeError("virtual time: nothing is scheduled and nothing can happen (a deadlock)")
            self.clock += timeout
        return events


class _VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop whose ``time()`` is virtual (for code that times itself with ``call_later``/``sleep``)."""

    def __init__(self) -> None:
        self._jumping = _JumpingSelector()
        super().__init__(self._jumping)

    def time(self) -> float:
        return self._jumping.clock


def run_in_virtual_time(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` on a loop where sleeps, timeouts and timers take no real time and fire in exact order.

    For code whose only clock is the event loop's (no sockets): a timer due in 0.3 s fires after exactly
    0.3 s of loop time, however busy the machine is.
    """
    loop = _VirtualTimeLoop()
    try:
        return loop.run_until_complete(main)
    finally:
        loop.close()
