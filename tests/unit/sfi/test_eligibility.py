"""SFI eligibility (FACT): from 1 July of the year a person turns 16; resident or with an EU/EEA right of residence."""

from __future__ import annotations

from datetime import date

import pytest

from services.sfi_schedule.rules.eligibility import eligibility_reasons, eligible_from
from services.sfi_schedule.rules.messages import render

ADULT = date(1990, 5, 17)


@pytest.mark.parametrize(
    ("born", "today", "eligible"),
    [
        (date(2010, 12, 31), date(2026, 6, 30), False),  # turns 16 in 2026: not before 1 July
        (date(2010, 12, 31), date(2026, 7, 1), True),  # ... from 1 July, though still 15
        (date(2010, 1, 1), date(2026, 6, 30), False),  # already 16, still not before 1 July
        (date(2010, 1, 1), date(2026, 7, 1), True),
        (date(2011, 3, 1), date(2026, 12, 31), False),  # turns 16 in 2027
        (date(2008, 2, 29), date(2024, 7, 1), True),  # a leap-day birthday changes nothing
        (ADULT, date(2026, 1, 2), True),
    ],
)
def test_sfi_from_1_july_of_the_year_one_turns_16(born, today, eligible):
    reasons = eligibility_reasons(birth_date=born, residence="resident", today=today)
    assert (reasons == []) is eligible
    if not eligible:
        assert [(r.key, r.params) for r in reasons] == [
            ("why_not.eligibility.too_young", {"from": eligible_from(born).isoformat()})
        ]


@pytest.mark.parametrize(
    ("residence", "key"),
    [
        ("resident", None),
        ("eu_eea_right_of_residence", None),
        ("asylum_seeker", "why_not.eligibility.asylum_seeker"),
        ("no_right_of_residence", "why_not.eligibility.no_right_of_residence"),
        (None, "why_not.eligibility.residence_unknown"),  # not stated: no seat until it is
    ],
)
def test_resident_or_eu_eea_right_of_residence_and_never_an_asylum_seeker(residence, key):
    reasons = eligibility_reasons(birth_date=ADULT, residence=residence, today=date(2026, 9, 1))
    assert [r.key for r in reasons] == ([key] if key else [])


def test_an_unknown_date_of_birth_is_asked_for_and_every_reason_is_given():
    reasons = eligibility_reasons(birth_date=None, residence="asylum_seeker", today=date(2026, 9, 1))
    assert [r.key for r in reasons] == ["why_not.eligibility.birth_date_unknown", "why_not.eligibility.asylum_seeker"]


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_every_eligibility_reason_is_said_in_swedish_english_and_arabic(lang):
    reasons = [
        *eligibility_reasons(birth_date=None, residence=None, today=date(2026, 9, 1)),
        *eligibility_reasons(birth_date=date(2012, 1, 1), residence="asylum_seeker", today=date(2026, 9, 1)),
        *eligibility_reasons(birth_date=ADULT, residence="no_right_of_residence", today=date(2026, 9, 1)),
    ]
    texts = [render(r, lang) for r in reasons]
    assert len(set(texts)) == 5 and all(texts)
    assert "2028-07-01" in texts[2]
