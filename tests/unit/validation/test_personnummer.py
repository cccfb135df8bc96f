"""Personnummer and samordningsnummer: format, real date, Luhn check, century, masking."""

from __future__ import annotations

from datetime import date

import pytest

from services.validation.personnummer.domain import (
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
