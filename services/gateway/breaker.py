"""A circuit breaker per upstream: closed → open after N consecutive failures → half-open probe → closed."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from shared.errors import ServiceUnavailable

CLOSED, HALF_OPEN, OPEN = "closed", "half_open", "open"
STATE_VALUE = {CLOSED: 0, HALF_OPEN: 1, OPEN: 2}


class Breaker:
    """Fails fast while an upstream is known to be down, and lets one probe through to see if it is back.

    Not thread-safe and needs no lock: the gateway is one event loop, and no method awaits.
    """

    __slots__ = (
        "_clock",
        "_failures",
        "_on_change",
        "_opened_at",
        "_probing",
        "name",
        "open_seconds",
        "state",
        "threshold",
    )

    def __init__(
        self,
        name: str,
        *,
        threshold: int,
        open_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[str, str], None] | None = None,
    ) -> None:
        self.name = name
        self.threshold = threshold
        self.open_seconds = open_seconds
        self.state = CLOSED
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False
        self._on_change = on_change

    def _set(self, state: str) -> None:
        if state != self.state:
            self.state = state
            if self._on_change is not None:
                self._on_change(self.name, state)

    def allow(self) -> bool:
        """Admit a request, or raise 503 with ``Retry-After`` while open; True when this call is the probe."""
        if self.state == CLOSED:
            return False
        wait = self._opened_at + self.open_seconds - self._clock()
        if self.state == OPEN and wait <= 0:
            self._set(HALF_OPEN)
        if self.state == HALF_OPEN and not self._probing:
            self._probing = True
            return True
        raise ServiceUnavailable(
            f"{self.name} is unavailable (circuit open); retry shortly",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )

    def success(self) -> None:
        """The upstream answered: close the breaker."""
        self._failures = 0
        self._probing = False
        self._set(CLOSED)

    def failure(self) -> None:
        """The upstream failed (connection, reset, timeout); open after ``threshold`` in a row or a failed probe."""
        self._failures += 1
        if self.state == HALF_OPEN or self._failures >= self.threshold:
            self._probing = False
            self._opened_at = self._clock()
            self._set(OPEN)

    def abandon(self) -> None:
        """The probe ended without a verdict (the client went away): let the next request probe."""
        self._probing = False
