"""Today's date where the municipality is: Europe/Stockholm."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def today() -> date:
    """The current date in Sweden."""
    return datetime.now(STOCKHOLM).date()
