"""Optional Swedish personal or coordination number of a learner: 12 digits, Luhn-checked, always masked out."""

from __future__ import annotations

import re

_FORM = re.compile(r"^(\d{8})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    """Luhn check over ``YYMMDDNNNC`` (the last ten digits)."""
    total = 0
    for i, ch in enumerate(digits):
        value = int(ch) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise(raw: str) -> str | None:
    """``YYYYMMDDNNNN`` for a valid ``YYYYMMDD-NNNN`` / ``YYYYMMDDNNNN`` input, else ``None``.

    The date part is not treated as authoritative (coordination numbers add 60 to the day), only the format
    and the check digit; the shorter 10-digit form is refused because its century is a guess.
    """
    match = _FORM.match(raw.strip())
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    return digits if luhn_ok(digits[2:]) else None


def masked(number: str | None) -> str | None:
    """``YYYYMMDD-****``: what lists and rosters show."""
    return f"{number[:8]}-****" if number else None
