"""Which weekly sessions of a group do not happen in a window, and why (holidays made visible).

The names of the days off come from the schedule service (its occurrences answer's ``daysOff``, in the page's
language), so a page in any of the seven languages names a holiday in that language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any


def _meets(slot: Mapping[str, Any], day: date) -> bool:
    if int(slot["weekday"]) != day.isoweekday():
        return False
    week = day.isocalendar().week
    interval = slot.get("interval", "every")
    return interval == "every" or (interval == "odd") == (week % 2 == 1)


def skipped_sessions(group: Mapping[str, Any], occurrences: Iterable[Mapping[str, Any]], first: date, last: date,
                     days_off: Mapping[date, str]) -> list[dict[str, Any]]:  # fmt: skip
    """Pattern days in ``first..last`` with no session: each with the slot and, from ``days_off`` (date → name),
    the name of the holiday or study-free day it falls on."""
    held = {date.fromisoformat(o["originalStart"][:10]) for o in occurrences}
    start = max(first, date.fromisoformat(group["startDate"]))
    end = min(last, date.fromisoformat(group["endDate"]))
    out = []
    day = start
    while day <= end:
        for slot in group.get("slots", []):
            if _meets(slot, day) and day not in held:
                out.append({"date": day, "slot": slot, "holiday": days_off.get(day)})
        day += timedelta(days=1)
    return out
