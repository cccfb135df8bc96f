"""marshmallow's fields, with numbers, dates and times that accept digits of any script and any dash.

A schema imports ``from shared import fields`` where it would import ``from marshmallow import fields``: the
numeric and temporal fields below first pass string input through :func:`shared.normalise.ascii_numeric`
(``٢٠٢٥-٠١-٣١`` is 2025-01-31, ``١٤:٣٠`` is 14:30), every other field is marshmallow's own. Input that is
still not a number or date after that is the field's usual 422, with the field's pointer.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields as _mm
from marshmallow.fields import (  # noqa: F401 - re-exported: this module stands in for marshmallow.fields
    UUID,
    Boolean,
    Dict,
    Email,
    Field,
    List,
    Method,
    Nested,
    Raw,
    String,
    Url,
)

from shared.normalise import ascii_numeric


class _Numeric:
    """Mixin: ASCII-normalise string input before the field parses it."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = ascii_numeric(value)
        return super()._deserialize(value, attr, data, **kwargs)  # type: ignore[misc]


class Integer(_Numeric, _mm.Integer):
    """A whole number (strict about JSON type only where marshmallow's Integer is)."""


class Float(_Numeric, _mm.Float):
    """A number."""


class Date(_Numeric, _mm.Date):
    """An ISO 8601 date."""


class DateTime(_Numeric, _mm.DateTime):
    """An ISO 8601 date-time."""


class AwareDateTime(_Numeric, _mm.AwareDateTime):
    """An ISO 8601 date-time with its offset."""


class Time(_Numeric, _mm.Time):
    """An ISO 8601 time of day."""


class NumericString(_Numeric, _mm.String):
    """Text made of digits and separators (a phone number, a code): normalised, then checked by validators."""
