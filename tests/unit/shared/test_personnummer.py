"""Personnummer and samordningsnummer, one set of rules for every service: format, real date, Luhn, century, masking.

Both the validation service's intake and the SFI learner profile use ``shared.personnummer``; the SFI profile
used to accept 30 February, month 13, a non-leap 29 February and day 92, and refuse 10-digit and ``+`` forms.
"""

from __future__ import annotations

from datetime import date

import pytest

from shared.personnummer import (
    InvalidIdentityNumber,
    luhn_check_digit,
    mask,
    parse_identity_number,
)

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("raw", "digits", "kind"),
    [
        ("811218-9876", "198112189876", "personnummer"),
        ("8112189876", "198112189876", "personnummer"),
        ("198112189876", "198112189876", "personnummer"),
        ("19811218-9876", "198112189876", "personnummer"),
        ("  811218-9876 ", "198112189876", "personnummer"),
        ("701063-2391", "197010632391", "samordningsnummer"),
        ("197010632391", "197010632391", "samordningsnummer"),
        ("121212+1212", "191212121212", "personnummer"),
        ("040229-1231", "200402291231", "personnummer"),
        ("250101-1239", "202501011239", "personnummer"),
        ("811218+9876", "188112189876", "personnummer"),
        ("250701-1233", "192507011233", "personnummer"),
        pytest.param("٨١١٢١٨-٩٨٧٦", "198112189876", "personnummer", id="arabic-indic-digits"),
        pytest.param("۸۱۱۲۱۸-۹۸۷۶", "198112189876", "personnummer", id="eastern-arabic-indic-digits"),
        pytest.param("１９８１１２１８－９８７６", "198112189876", "personnummer", id="full-width"),
        pytest.param("811218\u20139876", "198112189876", "personnummer", id="en-dash"),
        pytest.param("\u200e811218\u20109876\u200f", "198112189876", "personnummer", id="hyphen-and-direction-marks"),
        pytest.param("19811278-9873", "198112789873", "samordningsnummer", id="twelve-digit-samordningsnummer"),
    ],
)
def test_valid_numbers_are_stored_as_twelve_digits(raw, digits, kind):
    number = parse_identity_number(raw, today=TODAY)
    assert (number.digits, number.kind) == (digits, kind)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("811218-9875", "check digit"),
        ("198112189875", "check digit"),
        ("811318-9876", "real date"),
        ("810230-1234", "real date"),
        ("000229+1234", "real date"),
        ("701093-2391", "real date"),
        ("811218-98", "10 to 13"),
        ("19811218-98761", "10 to 13"),
        ("81121-89876", "look like"),
        ("811218/9876", "look like"),
        ("ABCDEF-9876", "look like"),
        ("19811218+9876", "100 or more"),
        ("20991218-9876", "future"),
        # Valid check digits, so only the date is wrong (the SFI profile used to accept all of these).
        pytest.param("19810230-1234", "real date", id="february-30"),
        pytest.param("19811318-9875", "real date", id="month-13"),
        pytest.param("20230229-1238", "real date", id="february-29-in-a-common-year"),
        pytest.param("19811292-1237", "real date", id="day-92-is-no-samordningsnummer"),
        pytest.param("19811200-1238", "real date", id="day-0"),
        pytest.param("19811260-1235", "real date", id="day-60-is-day-0"),
        pytest.param("٨١١٢١٨-٩٨٧٥", "check digit", id="arabic-digits-wrong-check"),
        pytest.param("８１１２１８・９８７６", "look like", id="other-punctuation"),
        pytest.param("811218 9876", "look like", id="space-is-no-separator"),
        pytest.param("²⁸¹¹²¹⁸-9876", "10 to 13|look like", id="superscripts-are-not-digits"),
    ],
)
def test_invalid_numbers_are_refused_with_the_reason(raw, reason):
    with pytest.raises(InvalidIdentityNumber, match=reason):
        parse_identity_number(raw, today=TODAY)


@pytest.mark.parametrize(
    ("nine", "check"),
    [("811218987", 6), ("701063239", 1), ("121212121", 2), ("000000000", 0)],
)
def test_luhn_check_digit_over_yymmddnnn(nine, check):
    assert luhn_check_digit(nine) == check


def test_plus_means_one_hundred_years_or_more():
    assert parse_identity_number("121212-1212", today=TODAY).digits.startswith("2012")
    assert parse_identity_number("121212+1212", today=TODAY).digits.startswith("1912")


def test_samordningsnummer_day_is_real_day_plus_sixty():
    number = parse_identity_number("701063-2391", today=TODAY)
    assert number.kind == "samordningsnummer" and number.digits[6:8] == "63"


def test_masked_form_keeps_the_date_only():
    assert mask("198112189876") == "19811218-****"
    assert parse_identity_number("811218-9876", today=TODAY).masked() == "19811218-****"


@pytest.mark.parametrize(
    ("raw", "today", "digits"),
    [
        pytest.param("250601+1234", date(2025, 6, 1), "192506011234", id="plus-on-the-100th-birthday"),
        pytest.param("250602-1233", date(2025, 6, 1), "192506021233", id="minus-the-day-before"),
        pytest.param("000229+1235", date(2100, 3, 1), "200002291235", id="plus-a-leap-day-a-century-ago"),
        pytest.param("240229-1237", date(2024, 2, 29), "202402291237", id="born-today-on-a-leap-day"),
    ],
)
def test_century_is_chosen_from_the_injected_today(raw, today, digits):
    assert parse_identity_number(raw, today=today).digits == digits


@pytest.mark.parametrize(
    ("raw", "today"),
    [
        pytest.param("250602+1233", date(2025, 6, 1), id="plus-the-day-before-the-100th-birthday-would-be-199"),
        pytest.param("250602-1233", date(2025, 6, 1), id="minus-stays-below-100"),
    ],
)
def test_plus_and_minus_never_disagree_with_the_age(raw, today):
    number = parse_identity_number(raw, today=today)
    born = date(int(number.digits[:4]), int(number.digits[4:6]), int(number.digits[6:8]))
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    assert (age >= 100) == ("+" in raw)


def test_nothing_to_mask_stays_nothing():
    assert mask(None) is None
