"""Which weekly sessions of a group do not happen in a window, and why (holidays made visible)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays


@lru_cache(maxsize=32)
def _holidays(year: int, language: str) -> dict[date, str]:
    # Same calendar as the schedule service: public + de facto, ordinary Sundays are not holidays.
    found = holidays.country_holidays(
        "SE", years=year, categories=("public", "de_facto"), language=language, include_sundays=False
    )
    return dict(found.items())


def holiday_name(day: date, lang: str) -> str | None:
    """The Swedish holiday on ``day`` in the page language (Swedish names for Swedish, else English)."""
    return _holidays(day.year, "sv" if lang == "sv" else "en_US").get(day)


def _meets(slot: Mapping[str, Any], day: date) -> bool:
    if int(slot["weekday"]) != day.isoweekday():
        return False
    week = day.isocalendar().week
    interval = slot.get("interval", "every")
    return interval == "every" or (interval == "odd") == (week % 2 == 1)


def skipped_sessions(group: Mapping[str, Any], occurrences: Iterable[Mapping[str, Any]], first: date, last: date,
                     lang: str) -> list[dict[str, Any]]:  # fmt: skip
    """Pattern days in ``first..last`` with no session: each with the slot and the holiday name if it is one."""
    held = {date.fromisoformat(o["originalStart"][:10]) for o in occurrences}
    start = max(first, date.fromisoformat(group["startDate"]))
    end = min(last, date.fromisoformat(group["endDate"]))
    out = []
    day = start
    while day <= end:
        for slot in group.get("slots", []):
            if _meets(slot, day) and day not in held:
                out.append({"date": day, "slot": slot, "holiday": holiday_name(day, lang)})
        day += timedelta(days=1)
    return out
