"""Marshmallow schemas of the learner profile, placements and results (camelCase on the wire)."""

from __future__ import annotations

from datetime import time
from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from services.sfi_schedule.learners.domain import BUSY_KINDS
from shared import fields
from shared.normalise import ascii_numeric

COURSES = ("A", "B", "C", "D")
DAYPARTS = ("morning", "afternoon", "evening", "weekend")
LANGUAGE = validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", error="a language tag such as sv, en or ar")


class HourMinute(fields.Field):
    """A local wall time written ``HH:MM`` (Europe/Stockholm)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return (value if isinstance(value, time) else time.fromisoformat(value)).strftime("%H:%M")

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        value = ascii_numeric(value) if isinstance(value, str) else value  # ١٤:٠٠ is 14:00
        if not isinstance(value, str) or len(value) != 5:
            raise ValidationError("a time like 08:00")
        try:
            time.fromisoformat(value)
        except ValueError:
            raise ValidationError("a time like 08:00") from None
        return value


class BusyWindowSchema(Schema):
    """A weekly busy time: work shift, work-placement hours or other; rotating rotas via odd/even or a cycle."""

    weekdays = fields.List(
        fields.Integer(validate=validate.Range(1, 7)),
        required=True,
        validate=validate.Length(min=1, max=7),
        metadata={"description": "ISO weekdays, 1 = Monday"},
    )
    start = HourMinute(required=True, metadata={"example": "14:00"})
    end = HourMinute(required=True, metadata={"example": "22:00"})
    kind = fields.String(load_default="work", validate=validate.OneOf(BUSY_KINDS))
    weeks = fields.String(load_default="every", validate=validate.OneOf(("every", "odd", "even", "cycle")))
    cycleLength = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(2, 12))
    cycleWeeks = fields.List(fields.Integer(validate=validate.Range(1, 12)), load_default=list)
    cycleAnchor = fields.Date(load_default=None, allow_none=True, metadata={"description": "A day in week 1"})
    validFrom = fields.Date(load_default=None, allow_none=True)
    validTo = fields.Date(load_default=None, allow_none=True)


class _Constraints(Schema):
    """What matching uses; shared by the stored profile and an ad-hoc match request."""

    path = fields.Integer(required=True, validate=validate.OneOf((1, 2, 3)))
    preferredLanguage = fields.String(load_default="sv", validate=LANGUAGE)
    busyWindows = fields.List(fields.Nested(BusyWindowSchema), load_default=list, validate=validate.Length(max=50))
    parentalLeaveWithChild = fields.Boolean(load_default=False)
    homeDistrict = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    latitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))
    maxTravelKm = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0.1, 500))
    preferredDayparts = fields.List(fields.String(validate=validate.OneOf(DAYPARTS)), load_default=list)
    distanceStudyOk = fields.Boolean(load_default=False)

    @validates_schema
    def _both_coordinates(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError("give both latitude and longitude, or neither", "longitude")


class LearnerProfileSchema(_Constraints):
    """A learner's own SFI profile (``PUT /v1/learners/me``)."""

    id = fields.UUID(dump_only=True)
    displayName = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.NumericString(load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?[0-9 ()-]{5,20}$"))
    personalNumber = fields.NumericString(
        load_only=True,
        allow_none=True,
        metadata={
            "description": "Optional personnummer or samordningsnummer (YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC); "
            "omitted = unchanged, null = removed; shown masked"
        },
    )
    personalNumberMasked = fields.String(dump_only=True, allow_none=True)
    protectedIdentity = fields.Boolean(load_default=False)
    currentCourse = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(COURSES))
    rightAroseOn = fields.Date(
        load_default=None, allow_none=True, metadata={"description": "When the right to SFI arose"}
    )
    establishmentProgramme = fields.Boolean(load_default=False)
    placement = fields.Dict(dump_only=True, allow_none=True)
    passedCourses = fields.List(fields.String(), dump_only=True)
    nextCourse = fields.String(dump_only=True, allow_none=True)
    startBy = fields.Date(dump_only=True, allow_none=True)
    placementBusyWindows = fields.List(
        fields.Dict(), dump_only=True,
        metadata={"description": "The hours of agreed work placements, busy time like busyWindows (kind placement)"},
    )  # fmt: skip
    version = fields.Integer(dump_only=True)
    createdAt = fields.DateTime(dump_only=True)
    updatedAt = fields.DateTime(dump_only=True)


class PlacementSchema(Schema):
    """A placement decided by mapping (kartläggning): the course the learner may start in."""

    course = fields.String(required=True, allow_none=True, validate=validate.OneOf(COURSES))
    decidedOn = fields.Date(required=True)


class ResultSchema(Schema):
    """The grade of a finished course: only G (pass) or IG (fail) since 2022."""

    id = fields.UUID(dump_only=True)
    course = fields.String(required=True, validate=validate.OneOf(COURSES))
    grade = fields.String(
        required=True, validate=validate.OneOf(("G", "IG"), error="SFI grades are G or IG (A-F are not used)")
    )
    decidedOn = fields.Date(load_default=None, allow_none=True)
    groupId = fields.UUID(load_default=None, allow_none=True)
    recordedAt = fields.DateTime(dump_only=True)
    nextCourse = fields.String(dump_only=True, allow_none=True)
