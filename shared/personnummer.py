"""Swedish personnummer and samordningsnummer: the one parser every service uses (pure, no I/O).

Input is 10 to 13 characters, ``YYMMDD-NNNC``, ``YYMMDD+NNNC`` (``+``: aged 100 or more), ``YYMMDDNNNC``,
``YYYYMMDDNNNC`` or ``YYYYMMDD-NNNC``; digits of other scripts and typographic dashes are normalised first.
It is stored as 12 ASCII digits ``YYYYMMDDNNNC``. The check digit is the Luhn sum over ``YYMMDDNNN``; a
samordningsnummer adds 60 to the day. The date must be a real date, not in the future.

The date and the sex digit are not authoritative (Skatteverket reuses and corrects numbers), so they are
only used to check the format and to choose the century; nothing else is derived from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, overload

from shared.normalise import ascii_numeric

Kind = Literal["personnummer", "samordningsnummer"]
# [0-9], not \d: \d also matches Arabic-Indic and other digits, which must be normalised, never stored.
_FORMAT = re.compile(r"^(?P<century>[0-9]{2})?(?P<yymmdd>[0-9]{6})(?P<sep>[-+]?)(?P<tail>[0-9]{4})$")
SAMORDNING_DAY_OFFSET = 60
CENTENARIAN_AGE = 100


# Reasons callers tell apart by value (the gateway's application form gives each its own message).
FUTURE_DATE = "the date part is in the future"
WRONG_CHECK_DIGIT = "the check digit is wrong"


class InvalidIdentityNumber(ValueError):
    """The text is not a valid personnummer or samordningsnummer; the message says why."""


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    """A checked identity number, stored as 12 digits ``YYYYMMDDNNNC``."""

    digits: str
    kind: Kind

    def masked(self) -> str:
        """``YYYYMMDD-****``: what anyone but an entitled reader sees."""
        return f"{self.digits[:8]}-****"


@overload
def mask(digits: str) -> str: ...
@overload
def mask(digits: None) -> None: ...
def mask(digits: str | None) -> str | None:
    """Mask a stored 12-digit number as ``YYYYMMDD-****`` (nothing stays nothing)."""
    return f"{digits[:8]}-****" if digits else None


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit over ``YYMMDDNNN`` (weights 2,1,2,…; digits of products summed)."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _real_day(day: int) -> tuple[int, Kind]:
    if day > SAMORDNING_DAY_OFFSET:
        return day - SAMORDNING_DAY_OFFSET, "samordningsnummer"
    return day, "personnummer"


def _birth_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidIdentityNumber("the date part is not a real date") from None


def _century_year(yy: int, month: int, day: int, *, plus: bool, today: date) -> int:
    """The latest year ending in ``yy`` whose date has passed; for ``+`` the latest at least 100 years back."""
    latest = today.year - CENTENARIAN_AGE if plus else today.year
    year = latest - (latest - yy) % 100
    # Compare month/day only: a 29 February need not exist in the candidate year.
    if year == latest and (month, day) > (today.month, today.day):
        year -= 100
    return year


def parse_identity_number(raw: str, *, today: date) -> IdentityNumber:
    """Check a 10-13 character personnummer/samordningsnummer and return its 12-digit form.

    ``today`` is the Swedish date from the caller's clock: it chooses the century of a 10-digit form and
    decides whether a ``+`` (100 years or older) is right.
    """
    text = ascii_numeric(raw).strip()
    if not 10 <= len(text) <= 13:
        raise InvalidIdentityNumber("must be 10 to 13 characters: YYMMDD-NNNC or YYYYMMDD-NNNC")
    match = _FORMAT.match(text)
    if not match:
        raise InvalidIdentityNumber("must look like YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC")
    yymmdd, tail, plus = match["yymmdd"], match["tail"], match["sep"] == "+"
    month, (day, kind) = int(yymmdd[2:4]), _real_day(int(yymmdd[4:6]))
    if match["century"] is not None:
        year = int(match["century"] + yymmdd[:2])
    else:
        year = _century_year(int(yymmdd[:2]), month, day, plus=plus, today=today)
    born = _birth_date(year, month, day)
    if born > today:
        raise InvalidIdentityNumber(FUTURE_DATE)
    if plus and _age(born, today) < CENTENARIAN_AGE:
        raise InvalidIdentityNumber("'+' is only used by people aged 100 or more")
    if luhn_check_digit(yymmdd + tail[:3]) != int(tail[3]):
        raise InvalidIdentityNumber(WRONG_CHECK_DIGIT)
    return IdentityNumber(digits=f"{year:04d}{yymmdd[2:]}{tail}", kind=kind)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
