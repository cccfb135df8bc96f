"""The service's one clock: now and today where the municipality is (Europe/Stockholm), injected, settable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from aiohttp import web

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _system_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Clock:
    """Now and today in Sweden; a test gives it its own ``source`` (any aware datetime, any zone)."""

    source: Callable[[], datetime] = field(default=_system_now)

    def now(self) -> datetime:
        """The current moment, in Swedish time."""
        return self.source().astimezone(STOCKHOLM)

    def today(self) -> date:
        """Today's date in Sweden (a container's UTC date is a day off between 00:00 and 02:00)."""
        return self.now().date()


SYSTEM_CLOCK = Clock()


def local_date(moment: datetime) -> date:
    """The Swedish date of a stored timestamp (``timestamptz`` comes back in UTC)."""
    return moment.astimezone(STOCKHOLM).date()


CLOCK = web.AppKey("validation_clock", Clock)


def clock_of(request: web.Request) -> Clock:
    """The app's clock (``create_app`` sets the system one; tests replace it before start-up)."""
    return request.app[CLOCK]
