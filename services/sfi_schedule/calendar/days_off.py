"""Days without SFI sessions: Swedish public and de facto holidays, study-free days, venue closures.

Sundays: holidays==0.109 lists every Sunday only when ``include_sundays=True``. We pass
``include_sundays=False`` explicitly, so an ordinary Sunday is a normal day (a weekend group keeps its
Sunday sessions) while Sunday holidays that are holidays in their own right (Easter Sunday, Whit Sunday)
still remove sessions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

HOLIDAY_CATEGORIES = ("public", "de_facto")


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> tuple[tuple[date, str], ...]:
    calendar = holidays.country_holidays(
        "SE", years=year, categories=HOLIDAY_CATEGORIES, include_sundays=False, language="sv"
    )
    return tuple(sorted(calendar.items()))


def swedish_holidays(first: date, last: date) -> dict[date, str]:
    """Public and de facto holidays (midsommarafton, julafton, nyårsafton) between two dates, inclusive."""
    out: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        out.update((d, name) for d, name in _holidays_of_year(year) if first <= d <= last)
    return out


def expand_ranges(ranges: Iterable[Mapping[str, object]], first: date, last: date) -> dict[date, str]:
    """Turn ``[{"from", "to", "reason"}]`` ranges (inclusive, ISO dates or dates) into days within bounds."""
    out: dict[date, str] = {}
    for item in ranges:
        start, end = _as_date(item["from"]), _as_date(item["to"])
        day = max(start, first)
        while day <= min(end, last):
            out.setdefault(day, str(item.get("reason") or "closed"))
            day += timedelta(days=1)
    return out


def days_off(
    first: date,
    last: date,
    *,
    study_free: Iterable[Mapping[str, object]] = (),
    closures: Iterable[Mapping[str, object]] = (),
) -> dict[date, str]:
    """Every day between two dates without sessions, with the reason (a holiday wins over other reasons)."""
    out = expand_ranges(closures, first, last)
    out.update(expand_ranges(study_free, first, last))
    out.update(swedish_holidays(first, last))
    return out


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
