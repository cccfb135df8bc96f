"""Days without SFI sessions: Swedish public and de facto holidays, study-free days, venue closures.

Sundays: holidays==0.109 lists every Sunday only when ``include_sundays=True``. We pass
``include_sundays=False`` explicitly, so an ordinary Sunday is a normal day (a weekend group keeps its
Sunday sessions) while Sunday holidays that are holidays in their own right (Easter Sunday, Whit Sunday)
still remove sessions.

People read a day off by its name in their own language: a holiday by its catalogue key (``holiday.epiphany``,
from the package's English name), a study-free day or a closure without a description by its kind
(``day_off.study_free``, ``day_off.closed``); an administrator's own description is data, shown as typed
(``day_off_key`` gives None for it). The rendering is ``rules.messages.day_off_json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays

HOLIDAY_CATEGORIES = ("public", "de_facto")
STUDY_FREE, CLOSED = "day_off.study_free", "day_off.closed"  # the reason of a range given without one
LEGACY_CLOSED = "closed"  # what such a range was called in documents published before the keys

# The holidays package's English name of each Swedish holiday → its catalogue key (services/sfi_schedule/locale).
HOLIDAY_KEYS = {
    "New Year's Day": "holiday.new_years_day",
    "Epiphany": "holiday.epiphany",
    "Good Friday": "holiday.good_friday",
    "Easter Sunday": "holiday.easter_sunday",
    "Easter Monday": "holiday.easter_monday",
    "May Day": "holiday.may_day",
    "Ascension Day": "holiday.ascension_day",
    "Pentecost": "holiday.whit_sunday",
    "Whit Sunday": "holiday.whit_sunday",
    "National Day": "holiday.national_day",
    "National Day of Sweden": "holiday.national_day",
    "Midsummer Eve": "holiday.midsummer_eve",
    "Midsummer Day": "holiday.midsummer_day",
    "All Saints' Day": "holiday.all_saints_day",
    "Christmas Eve": "holiday.christmas_eve",
    "Christmas Day": "holiday.christmas_day",
    "Second Day of Christmas": "holiday.second_day_of_christmas",
    "New Year's Eve": "holiday.new_years_eve",
}


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> tuple[tuple[date, str], ...]:
    calendar = holidays.country_holidays(
        "SE", years=year, categories=HOLIDAY_CATEGORIES, include_sundays=False, language="sv"
    )
    return tuple(sorted(calendar.items()))


@lru_cache(maxsize=64)
def _holiday_keys_of_year(year: int) -> dict[date, str]:
    calendar = holidays.country_holidays(
        "SE", years=year, categories=HOLIDAY_CATEGORIES, include_sundays=False, language="en_US"
    )
    return {d: HOLIDAY_KEYS[name] for d, name in calendar.items() if name in HOLIDAY_KEYS}


def holiday_key(day: date) -> str | None:
    """The catalogue key of the Swedish holiday on ``day`` (``holiday.epiphany``), None on other days."""
    return _holiday_keys_of_year(day.year).get(day)


def day_off_key(day: date, reason: str) -> str | None:
    """The catalogue key of a day off's name: its holiday, or the kind of a range given without a description;
    None when ``reason`` is a description an administrator typed (shown as it is)."""
    key = holiday_key(day)
    if key is not None:
        return key
    if reason in (STUDY_FREE, CLOSED):
        return reason
    return CLOSED if reason in ("", LEGACY_CLOSED) else None


def swedish_holidays(first: date, last: date) -> dict[date, str]:
    """Public and de facto holidays (midsommarafton, julafton, nyårsafton) between two dates, inclusive."""
    out: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        out.update((d, name) for d, name in _holidays_of_year(year) if first <= d <= last)
    return out


def expand_ranges(
    ranges: Iterable[Mapping[str, object]], first: date, last: date, default: str = CLOSED
) -> dict[date, str]:
    """Turn ``[{"from", "to", "reason"}]`` ranges (inclusive, ISO dates or dates) into days within bounds; a range
    without a reason has ``default`` (its kind's catalogue key)."""
    out: dict[date, str] = {}
    for item in ranges:
        start, end = _as_date(item["from"]), _as_date(item["to"])
        day = max(start, first)
        while day <= min(end, last):
            out.setdefault(day, str(item.get("reason") or default))
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
    out = expand_ranges(closures, first, last, CLOSED)
    out.update(expand_ranges(study_free, first, last, STUDY_FREE))
    out.update(swedish_holidays(first, last))
    return out


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
