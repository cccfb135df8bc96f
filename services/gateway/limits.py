"""Per-consumer limits: a token bucket per consumer in memory, daily quotas in PostgreSQL."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shared.errors import RateLimited

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_MAX_BUCKETS = 100_000


class RateLimiter:
    """Token buckets keyed by consumer: ``rate`` tokens a second, bursts up to ``rate`` requests.

    In memory on purpose: a per-second limit checked against PostgreSQL would cost a round trip on every
    request. With N gateway replicas a consumer may reach N × rate; daily quotas are the exact limit.
    """

    __slots__ = ("_buckets", "_clock")

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, list[float]] = {}

    def retry_after(self, consumer: str, rate: float) -> float:
        """Take one token; return 0 when allowed, else the seconds until a token is free."""
        now = self._clock()
        bucket = self._buckets.get(consumer)
        if bucket is None:
            if len(self._buckets) >= _MAX_BUCKETS:
                self._prune(now)
            self._buckets[consumer] = [rate - 1.0, now]
            return 0.0
        tokens = min(rate, bucket[0] + (now - bucket[1]) * rate)
        bucket[1] = now
        if tokens >= 1.0:
            bucket[0] = tokens - 1.0
            return 0.0
        bucket[0] = tokens
        return (1.0 - tokens) / rate

    def check(self, consumer: str, rate: float) -> None:
        """Raise 429 with ``Retry-After`` when ``consumer`` is over ``rate`` requests a second."""
        wait = self.retry_after(consumer, rate)
        if wait > 0:
            raise RateLimited(
                f"More than {rate:g} requests a second; slow down",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
                extra={"limit": rate, "scope": "second"},
            )

    def _prune(self, now: float) -> None:
        """Drop buckets idle long enough to be full again (they would start full anyway)."""
        self._buckets = {k: b for k, b in self._buckets.items() if now - b[1] < 60}


def quota_day(now: datetime) -> date:
    """The quota day: the calendar day in Sweden."""
    return now.astimezone(STOCKHOLM).date()


def seconds_to_next_day(now: datetime) -> int:
    """Seconds until the next quota day starts (for ``Retry-After``)."""
    local = now.astimezone(STOCKHOLM)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), STOCKHOLM)
    return max(1, math.ceil((midnight - local).total_seconds()))


def check_quota(count: int, quota: int, now: datetime) -> None:
    """Raise 429 when today's ``count`` (this request included) is over ``quota``."""
    if count > quota:
        raise RateLimited(
            f"Daily quota of {quota} requests used up",
            headers={"Retry-After": str(seconds_to_next_day(now))},
            extra={"limit": quota, "scope": "day"},
        )
