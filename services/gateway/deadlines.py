"""Deadlines of in-flight upstream attempts, all watched by one event-loop timer set for the earliest.

``asyncio.timeout_at`` allocates an event-loop timer per proxied call, a visible share of the gateway's
CPU per request (docs/benchmarks.md). Here an attempt only registers itself in a dict; one timer per pool
is set for the earliest open deadline (a later one needs no new timer) and, when it fires, cancels the
attempts that are due and is set again for the next. With nothing open there is no timer at all, so an
idle or lightly used gateway is never woken for nothing (a timer ticking "just in case" would wake the
process between requests, and on a VM every wake-up is paid for).
"""

from __future__ import annotations

import asyncio

TICK = 0.05  # seconds: a deadline this close after the armed one shares its timer (and fires up to this late)


class Deadlines:
    """The open deadlines of one upstream pool, and the timer for the earliest of them."""

    __slots__ = ("_loop", "_open", "_timer", "_timer_at")

    def __init__(self) -> None:
        self._open: dict[int, Deadline] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0

    def time(self) -> float:
        """The event loop's clock (the loop is looked up once: each lookup is a system call on Python 3.11)."""
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        return loop.time()

    def start(self, when: float) -> Deadline:
        """Cancel the calling task at loop time ``when`` unless :meth:`Deadline.cancel` comes first."""
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        deadline = Deadline(self, when, asyncio.current_task(self._loop))
        self._open[id(deadline)] = deadline
        if self._timer is None or when + TICK < self._timer_at:
            self._arm(when)
        return deadline

    def discard(self, deadline: Deadline) -> None:
        self._open.pop(id(deadline), None)
        if not self._open:
            self.close()

    def close(self) -> None:
        """Stop the timer (nothing is open, or the pool is closing)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _arm(self, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = when
        self._timer = self._loop.call_at(when, self._sweep)

    def _sweep(self) -> None:
        self._timer = None
        now = self._loop.time()
        earliest = None
        for key, deadline in list(self._open.items()):
            if deadline.when <= now:
                del self._open[key]
                deadline.fire()
            elif earliest is None or deadline.when < earliest:
                earliest = deadline.when
        if earliest is not None:
            self._arm(earliest)


class Deadline:
    """One attempt's deadline: tells afterwards whether it was what cancelled the task."""

    __slots__ = ("_owner", "_task", "fired", "when")

    def __init__(self, owner: Deadlines, when: float, task: asyncio.Task) -> None:
        self._owner = owner
        self._task = task
        self.when = when
        self.fired = False

    def fire(self) -> None:
        self.fired = True
        self._task.cancel()

    def cancel(self) -> None:
        """The attempt is over: the deadline no longer applies."""
        self._owner.discard(self)

    def ours(self) -> bool:
        """After a CancelledError: True when the deadline (and nothing else) cancelled the task."""
        return self.fired and self._task.uncancel() == 0
