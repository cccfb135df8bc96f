"""Digits of any script and typographic dashes become ASCII in number, date and time fields; free text does not."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from marshmallow import Schema, ValidationError

from shared import fields
from shared.normalise import ascii_numeric


@pytest.mark.parametrize(
    ("typed", "ascii"),
    [
        pytest.param("٢٠٢٥-٠١-٣١", "2025-01-31", id="arabic-indic"),
        pytest.param("۲۰۲۵-۰۱-۳۱", "2025-01-31", id="eastern-arabic-indic"),
        pytest.param("２０２５－０１－３１", "2025-01-31", id="full-width"),
        pytest.param("2025\u201301\u201331", "2025-01-31", id="en-dashes"),
        pytest.param("2025\u221201\u221231", "2025-01-31", id="minus-signs"),
        pytest.param("\u200e14\uff1a30\u200f", "14:30", id="full-width-colon-and-direction-marks"),
        pytest.param("\u0661\u0664:\u0663\u0660", "14:30", id="arabic-time"),
        pytest.param("＋46\u00a070\u2009123", "+46 70 123", id="phone-with-odd-spaces"),
        pytest.param("٣٫٥", "3.5", id="arabic-decimal-separator"),
        pytest.param("१२३", "123", id="devanagari"),
        pytest.param("abc-12", "abc-12", id="ascii-unchanged"),
        pytest.param("²", "²", id="superscript-is-not-a-decimal-digit"),
    ],
)
def test_numbers_are_made_ascii(typed, ascii):
    assert ascii_numeric(typed) == ascii


class Form(Schema):
    day = fields.Date()
    at = fields.AwareDateTime()
    start = fields.Time()
    count = fields.Integer()
    share = fields.Float()
    phone = fields.NumericString()
    name = fields.String()


@pytest.mark.parametrize(
    ("field", "typed", "loaded"),
    [
        ("day", "٢٠٢٥-٠١-٣١", date(2025, 1, 31)),
        ("day", "２０２５－０１－３１", date(2025, 1, 31)),
        ("day", "۲۰۲۵–۰۱–۳۱", date(2025, 1, 31)),
        ("start", "١٤:٣٠", time(14, 30)),
        ("count", "١٢", 12),
        ("share", "٣٫٥", 3.5),
        ("phone", "٠٧٠-١٢٣ ٤٥ ٦٧", "070-123 45 67"),
    ],
)
def test_fields_load_numbers_typed_in_another_script(field, typed, loaded):
    assert Form().load({field: typed})[field] == loaded


def test_aware_date_time_with_an_arabic_offset():
    loaded = Form().load({"at": "٢٠٢٥-٠٦-٠١T١٠:٠٠:٠٠+٠٢:٠٠"})["at"]
    assert loaded == datetime.fromisoformat("2025-06-01T10:00:00+02:00")


@pytest.mark.parametrize(("field", "typed"), [("day", "٢٠٢٥/٠١/٣١x"), ("start", "²²:00"), ("count", "١٢a")])
def test_what_is_still_not_a_number_is_the_fields_own_error(field, typed):
    with pytest.raises(ValidationError) as info:
        Form().load({field: typed})
    assert field in info.value.messages


def test_free_text_keeps_its_digits():
    assert Form().load({"name": "شارع ٥"})["name"] == "شارع ٥"
