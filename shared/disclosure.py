"""Statistical disclosure control for published figures: no value about fewer than 5 persons leaves a service.

A count below the threshold, a percentage whose numerator or denominator is below it, and a statistic (a median)
computed over fewer persons are all replaced by ``{"suppressed": true}`` with the number left out, so a client
cannot read it by mistake. Zero is below the threshold too: showing 0 but hiding 1-4 would tell them apart.
Both services apply this to their own figures before anything leaves them (docs/follow-up.md).
"""

from __future__ import annotations

from typing import Any

MIN_PERSONS = 5


def suppressed() -> dict[str, bool]:
    """The marker that stands in for a value about too few persons (a fresh dict: callers may extend it)."""
    return {"suppressed": True}


def is_suppressed(value: Any) -> bool:
    """True for the marker."""
    return isinstance(value, dict) and value.get("suppressed") is True


def count(persons: int) -> int | dict[str, bool]:
    """A number of persons, or the marker when it is below the threshold."""
    return persons if persons >= MIN_PERSONS else suppressed()


def percent(part: int, whole: int) -> float | dict[str, bool]:
    """``part`` of ``whole`` in percent (one decimal), or the marker when either is below the threshold."""
    if part < MIN_PERSONS or whole < MIN_PERSONS:
        return suppressed()
    return round(100.0 * part / whole, 1)


def statistic(value: float | None, persons: int) -> float | dict[str, bool] | None:
    """A value computed over ``persons`` (one decimal), the marker below the threshold, ``None`` if there is none."""
    if persons < MIN_PERSONS:
        return suppressed()
    return None if value is None else round(float(value), 1)
