"""Reading JSON bodies: every flaw is a 4xx that says what is wrong."""

from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from shared.body import load_with, parse_json_bytes
from shared.errors import BadRequest, ValidationFailed, marshmallow_errors


@pytest.mark.parametrize(
    "raw",
    [b"", b"   ", b'{"a": ', b"\xff\xfe{}", b"[" * 5000 + b"]" * 5000, b"NaN", b'{"a": Infinity}', b"1" * 5000],
    ids=["empty", "blank", "truncated", "bad-utf8", "deep", "nan", "infinity", "huge-int"],
)
def test_unreadable_bodies_are_400(raw):
    with pytest.raises(BadRequest):
        parse_json_bytes(raw)


def test_moderately_nested_but_too_deep_is_400():
    with pytest.raises(BadRequest):
        parse_json_bytes(b'{"a":' * 40 + b"1" + b"}" * 40)


def test_nul_in_text_is_422_pointing_at_the_field():
    with pytest.raises(ValidationFailed) as err:
        parse_json_bytes(b'{"contact": {"name": "a\\u0000b"}}')
    assert err.value.errors[0].pointer == "/contact/name"


class Inner(Schema):
    year = fields.Integer(required=True)


class Outer(Schema):
    name = fields.String(required=True)
    items = fields.List(fields.Nested(Inner), required=True)


def test_schema_errors_become_json_pointers():
    with pytest.raises(ValidationFailed) as err:
        load_with(Outer(), {"items": [{"year": 1}, {"year": "x"}]})
    pointers = sorted(e.pointer for e in err.value.errors)
    assert pointers == ["/items/1/year", "/name"]


def test_pointer_escapes_slash_and_tilde():
    errors = marshmallow_errors({"a/b": {"c~d": ["bad"]}})
    assert errors[0].pointer == "/a~1b/c~0d"
