"""Deadlines of in-flight upstream attempts, checked by one coarse timer instead of a timer each.

``asyncio.timeout_at`` (and even a bare ``loop.call_at``) allocates an event-loop timer per proxied call,
a visible share of the gateway's CPU per request (docs/benchmarks.md). Here an attempt only registers
itself in a dict; while any attempt is in flight, one timer wakes every ``TICK`` seconds and cancels those
past their deadline. A deadline therefore fires up to ``TICK`` late, which is nothing against deadlines
of seconds.
"""

from __future__ import annotations

import asyncio

TICK = 0.05  # seconds


class Deadlines:
    """The open deadlines of one upstream pool, and the timer that checks them while any are open."""

    __slots__ = ("_open", "_timer")

    def __init__(self) -> None:
        self._open: dict[int, Deadline] = {}
        self._timer: asyncio.TimerHandle | None = None

    def start(self, when: float) -> Deadline:
        """Cancel the calling task at loop time ``when`` unless :meth:`Deadline.cancel` comes first."""
        deadline = Deadline(self, when)
        self._open[id(deadline)] = deadline
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(TICK, self._sweep)
        return deadline

    def discard(self, deadline: Deadline) -> None:
        self._open.pop(id(deadline), None)

    def close(self) -> None:
        """Stop the timer (the pool is closing)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _sweep(self) -> None:
        self._timer = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        for key, deadline in list(self._open.items()):
            if deadline.when <= now:
                del self._open[key]
                deadline.fire()
        if self._open:
            self._timer = loop.call_later(TICK, self._sweep)


class Deadline:
    """One attempt's deadline: tells afterwards whether it was what cancelled the task."""

    __slots__ = ("_owner", "_task", "fired", "when")

    def __init__(self, owner: Deadlines, when: float) -> None:
        self._owner = owner
        self._task = asyncio.current_task()
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
