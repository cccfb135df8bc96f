"""VTIMEZONE components from the tz database (zoneinfo), written as yearly RRULEs.

Every client reads the RRULE form: Mozilla's ical.js reads only the first value of a comma-separated RDATE
(what ``icalendar``'s own generator writes), so it kept the first offset all year. Here the transitions of the
zone are found with zoneinfo (the same data the expansion uses) and every run of years that follows one rule
("last Sunday of March at 02:00") becomes one observance with ``RRULE:FREQ=YEARLY``; irregular transitions
stay single observances. DTSTART of an observance is the local time before the change (TZOFFSETFROM), as in
RFC 5545 3.6.5; an UNTIL ends a rule that stopped, in UTC as 3.3.10 requires there.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STEP = timedelta(days=1)  # no zone changes its offset twice within a day


@dataclass(frozen=True, slots=True)
class Change:
    """One transition: the UTC instant, the offsets before and after, and the name and kind after it."""

    at: datetime
    before: timedelta
    after: timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> datetime:
        """The local wall time of the change, in the offset before it (naive)."""
        return (self.at + self.before).replace(tzinfo=None)

    def shape(self) -> tuple:
        """What two yearly changes must share to be one rule."""
        o = self.onset
        return (self.before, self.after, self.name, self.daylight, o.month, o.weekday(), o.time())

    def rules(self) -> set[str | int]:
        """The day rules this change fits: "last" weekday of the month, or the weekday on or after day d."""
        o = self.onset
        out: set[str | int] = set(range(max(1, o.day - 6), o.day + 1))
        if o.day + 7 > calendar.monthrange(o.year, o.month)[1]:
            out.add("last")
        return out


def _state(tz: ZoneInfo, at: datetime) -> tuple[timedelta, timedelta, str]:
    local = at.astimezone(tz)
    return local.utcoffset() or timedelta(), local.dst() or timedelta(), local.tzname() or ""


def changes(tz: ZoneInfo, first: datetime, last: datetime) -> list[Change]:
    """Every transition of ``tz`` between two UTC instants, to the second."""
    out: list[Change] = []
    at, state = first, _state(tz, first)
    while at < last:
        step = at + _STEP
        later = _state(tz, step)
        if later != state:
            low, high = at, step  # the change is in (low, high]
            while high - low > timedelta(seconds=1):
                mid = low + (high - low) / 2
                low, high = (mid, high) if _state(tz, mid) == state else (low, mid)
            offset, dst, name = _state(tz, high)
            out.append(Change(high, state[0], offset, name, dst != timedelta()))
        at, state = step, later
    return out


def _runs(found: list[Change]) -> list[list[Change]]:
    """Group changes of the same shape in consecutive years that share one day rule."""
    runs: list[list[Change]] = []
    for change in found:
        for run in runs:
            tail = run[-1]
            fits = tail.shape() == change.shape() and change.onset.year == tail.onset.year + 1
            if fits and set.intersection(*(c.rules() for c in run), change.rules()):
                run.append(change)
                break
        else:
            runs.append([change])
    return runs


def _rrule(run: list[Change], open_ended: bool) -> dict:
    fitting = set.intersection(*(c.rules() for c in run))
    onset = run[0].onset
    weekday = _WEEKDAYS[onset.weekday()]
    rule: dict = {"freq": "yearly", "bymonth": onset.month}
    days = sorted(d for d in fitting if d != "last")
    if "last" in fitting:
        rule["byday"] = f"-1{weekday}"
    elif any(d % 7 == 1 for d in days):
        rule["byday"] = f"{(next(d for d in days if d % 7 == 1) - 1) // 7 + 1}{weekday}"
    else:
        rule["byday"], rule["bymonthday"] = weekday, list(range(days[0], days[0] + 7))
    if not open_ended:
        rule["until"] = run[-1].at.astimezone(UTC)
    return rule


def _observance(daylight: bool, start: datetime, before: timedelta, after: timedelta, name: str):
    part = TimezoneDaylight() if daylight else TimezoneStandard()
    part.add("tzname", name)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    part.add("dtstart", start)
    return part


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of ``tzid`` covering ``first_year``..``last_year``; rules in force at the end stay open."""
    tz = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    found = changes(tz, start, end)
    out = Timezone()
    out.add("tzid", tzid)
    offset, dst, name = _state(tz, start)
    out.add_component(_observance(dst != timedelta(), (start + offset).replace(tzinfo=None), offset, offset, name))
    for run in _runs(found):
        head = run[0]
        part = _observance(head.daylight, head.onset, head.before, head.after, head.name)
        if len(run) > 1:
            part.add("rrule", _rrule(run, open_ended=run[-1].onset.year == last_year))
        out.add_component(part)
    return out


@lru_cache(maxsize=32)
def vtimezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    """The serialised VTIMEZONE, computed once per zone and years (finding transitions takes milliseconds)."""
    return vtimezone(tzid, first_year, last_year).to_ical()
