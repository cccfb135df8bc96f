"""Parsing and checking personnummer and samordningsnummer (pure, no I/O).

The date and the sex digit are not authoritative (Skatteverket reuses and corrects numbers), so they
are only used to check the format and to choose the century; nothing else is derived from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Kind = Literal["personnummer", "samordningsnummer"]
_FORMAT = re.compile(r"^(?P<century>\d{2})?(?P<yymmdd>\d{6})(?P<sep>[-+]?)(?P<tail>\d{4})$")
SAMORDNING_DAY_OFFSET = 60


class InvalidIdentityNumber(ValueError):
    """The text is not a valid personnummer or samordningsnummer; the message says why."""


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    """A checked identity number, stored as 12 digits ``YYYYMMDDNNNC``."""

    digits: str
    kind: Kind

    def masked(self) -> str:
        """``YYYYMMDD-****``: what anyone but a caseworker may see."""
        return mask(self.digits)


def mask(digits: str) -> str:
    """Mask a stored 12-digit number as ``YYYYMMDD-****``."""
    return f"{digits[:8]}-****"


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


def _century_year(yy: int, month: int, day: int, plus: bool, today: date) -> int:
    """Choose the century: the latest one not in the future, one more back for ``+`` (100 years or older)."""
    year = today.year - (today.year - yy) % 100
    # Compare month/day only (a 29 February may not exist in the candidate year).
    if (month, day) > (today.month, today.day) and year == today.year:
        year -= 100
    return year - 100 if plus else year


def parse_identity_number(raw: str, *, today: date) -> IdentityNumber:
    """Check a 10-13 character personnummer/samordningsnummer and return its 12-digit form."""
    text = raw.strip()
    if not 10 <= len(text) <= 13:
        raise InvalidIdentityNumber("must be 10 to 13 characters: YYMMDD-NNNC or YYYYMMDD-NNNC")
    match = _FORMAT.match(text)
    if not match:
        raise InvalidIdentityNumber("must look like YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC")
    yymmdd, tail, sep = match["yymmdd"], match["tail"], match["sep"]
    yy, month, raw_day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    day, kind = _real_day(raw_day)
    if match["century"] is not None:
        year = int(match["century"] + yymmdd[:2])
    else:
        year = _century_year(yy, month, day, sep == "+", today)
    born = _birth_date(year, month, day)
    if born > today:
        raise InvalidIdentityNumber("the date part is in the future")
    if sep == "+" and _age(born, today) < 100:
        raise InvalidIdentityNumber("'+' is only used by people aged 100 or more")
    if luhn_check_digit(yymmdd + tail[:3]) != int(tail[3]):
        raise InvalidIdentityNumber("the check digit is wrong")
    return IdentityNumber(digits=f"{year:04d}{yymmdd[2:]}{tail}", kind=kind)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
