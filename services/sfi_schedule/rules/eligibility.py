"""Who may study SFI (FACT): from 1 July of the year they turn 16, resident or with an EU/EEA right of residence.

Asylum seekers are not eligible. The date of birth is what the person states: it is never read out of a
personal number (``shared.personnummer``: the date in a number is not authoritative), and people without a
Swedish number are served alike. Pure; the reasons are message keys (``rules/messages.py``).
"""

from __future__ import annotations

from datetime import date

from services.sfi_schedule.rules.reasons import Reason

ELIGIBLE_FROM_AGE = 16
ELIGIBLE_FROM_MONTH_DAY = (7, 1)  # 1 July of the year the person turns 16
RESIDENCE = ("resident", "eu_eea_right_of_residence", "asylum_seeker", "no_right_of_residence")
ELIGIBLE_RESIDENCE = frozenset({"resident", "eu_eea_right_of_residence"})


def eligible_from(birth_date: date) -> date:
    """The first day a person born on ``birth_date`` may study SFI: 1 July of the year they turn 16."""
    month, day = ELIGIBLE_FROM_MONTH_DAY
    return date(birth_date.year + ELIGIBLE_FROM_AGE, month, day)


def eligibility_reasons(*, birth_date: date | None, residence: str | None, today: date) -> list[Reason]:
    """Why the person may not study SFI on ``today`` (empty: they may)."""
    out: list[Reason] = []
    if birth_date is None:
        out.append(Reason("why_not.eligibility.birth_date_unknown"))
    elif today < eligible_from(birth_date):
        out.append(Reason("why_not.eligibility.too_young", {"from": eligible_from(birth_date).isoformat()}))
    if residence is None:
        out.append(Reason("why_not.eligibility.residence_unknown"))
    elif residence == "asylum_seeker":
        out.append(Reason("why_not.eligibility.asylum_seeker"))
    elif residence not in ELIGIBLE_RESIDENCE:
        out.append(Reason("why_not.eligibility.no_right_of_residence"))
    return out
