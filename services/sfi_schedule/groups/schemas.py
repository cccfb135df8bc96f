"""Marshmallow schemas of draft groups and occurrence exceptions."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from services.sfi_schedule.calendar.model import INTERVALS
from shared import fields

VARIANTS = ("standard", "evening", "parental_leave_open_preschool", "kombo")
MAX_GROUP_DAYS = 731  # two years: longer patterns are a data-entry mistake, and bound the expansion


class SlotSchema(Schema):
    """One weekly session in local Europe/Stockholm time."""

    weekday = fields.Integer(required=True, validate=validate.Range(1, 7), metadata={"description": "1 = Monday"})
    start = fields.Time(required=True, format="%H:%M", metadata={"example": "17:30"})
    end = fields.Time(required=True, format="%H:%M", metadata={"example": "20:30"})
    interval = fields.String(
        load_default="every",
        validate=validate.OneOf(INTERVALS),
        metadata={"description": "every, odd or even ISO week"},
    )


class DraftGroupSchema(Schema):
    """A draft SFI group as administrators edit it."""

    id = fields.UUID(dump_only=True)
    providerId = fields.UUID(dump_only=True, attribute="provider_id")
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    course = fields.String(required=True, attribute="course_code", validate=validate.OneOf(("A", "B", "C", "D")))
    path = fields.Integer(required=True, validate=validate.OneOf((1, 2, 3)))
    variant = fields.String(load_default="standard", validate=validate.OneOf(VARIANTS))
    targetRole = fields.String(attribute="target_role", allow_none=True, load_default=None)
    venueId = fields.UUID(required=True, attribute="venue_id")
    roomId = fields.UUID(attribute="room_id", allow_none=True, load_default=None)
    termId = fields.UUID(attribute="term_id", allow_none=True, load_default=None)
    teacherIds = fields.List(
        fields.UUID(), attribute="teacher_ids", load_default=list, validate=validate.Length(max=10)
    )
    capacity = fields.Integer(required=True, validate=validate.Range(1, 500))
    startDate = fields.Date(required=True, attribute="start_date")
    endDate = fields.Date(required=True, attribute="end_date")
    slots = fields.List(fields.Nested(SlotSchema), required=True, validate=validate.Length(min=1, max=14))
    supportLanguages = fields.List(
        fields.String(validate=validate.Regexp(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")),
        attribute="support_languages",
        load_default=list,
        metadata={"description": "BCP 47 codes of languages the teachers can support in, e.g. ar, so, ti"},
    )
    childPresent = fields.Boolean(attribute="child_present", load_default=False)
    distance = fields.Boolean(load_default=False)
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    version = fields.Integer(dump_only=True)
    createdAt = fields.DateTime(dump_only=True, attribute="created_at")
    updatedAt = fields.DateTime(dump_only=True, attribute="updated_at")

    @validates_schema
    def _dates(self, data: dict[str, Any], **_: Any) -> None:
        days = (data["end_date"] - data["start_date"]).days
        if days < 0:
            raise ValidationError("must be on or after startDate", "endDate")
        if days > MAX_GROUP_DAYS:
            raise ValidationError(f"a group runs at most {MAX_GROUP_DAYS} days", "endDate")


class DraftGroupListSchema(Schema):
    """A page of draft groups."""

    data = fields.List(fields.Nested(DraftGroupSchema), required=True)
    pageToken = fields.String(allow_none=True)


class ExceptionSchema(Schema):
    """A change to one occurrence: cancel it, move it, or substitute its teachers or room."""

    id = fields.UUID(dump_only=True)
    groupId = fields.UUID(dump_only=True, attribute="group_id")
    occurrenceId = fields.UUID(dump_only=True, attribute="occurrence_id")
    originalStart = fields.DateTime(
        required=True,
        attribute="original_start",
        metadata={"description": "Original local start; no offset = Europe/Stockholm"},
    )
    cancelled = fields.Boolean(load_default=False)
    newStart = fields.DateTime(attribute="new_start", allow_none=True, load_default=None)
    newEnd = fields.DateTime(attribute="new_end", allow_none=True, load_default=None)
    teacherIds = fields.List(fields.UUID(), attribute="teacher_ids", allow_none=True, load_default=None)
    roomId = fields.UUID(attribute="room_id", allow_none=True, load_default=None)
    note = fields.String(load_default="", validate=validate.Length(max=500))
    version = fields.Integer(dump_only=True)

    @validates_schema
    def _consistent(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("new_start") is None) != (data.get("new_end") is None):
            raise ValidationError("give both newStart and newEnd, or neither", "newEnd")
        if data.get("new_start") and data["new_end"] <= data["new_start"]:
            raise ValidationError("must be after newStart", "newEnd")
        changes = data.get("new_start") or data.get("teacher_ids") is not None or data.get("room_id")
        if not data.get("cancelled") and not changes:
            raise ValidationError("an exception cancels, moves or substitutes", "cancelled")


class ExceptionListSchema(Schema):
    """The exceptions of one group."""

    data = fields.List(fields.Nested(ExceptionSchema), required=True)
    pageToken = fields.String(allow_none=True)


class ConflictSchema(Schema):
    """One double-booking, as in a refused save's 409 ``conflicts`` list."""

    resource = fields.String(required=True, metadata={"description": "teacher or room"})
    resourceId = fields.UUID(required=True)
    otherGroupId = fields.UUID(required=True)
    otherGroupName = fields.String(required=True)
    date = fields.Date(required=True, metadata={"description": "Local date of the clash"})
    start = fields.DateTime(required=True, metadata={"description": "This group's session, local time with offset"})
    end = fields.DateTime(required=True)
    otherStart = fields.DateTime(required=True, metadata={"description": "The other group's session"})
    otherEnd = fields.DateTime(required=True)


class GroupConflictsSchema(Schema):
    """A draft group that collides with other groups now."""

    groupId = fields.UUID(required=True)
    conflictCount = fields.Integer(required=True, metadata={"description": "All clashes; the list holds the first 50"})
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)


class GroupConflictListSchema(Schema):
    """Every draft group that collides with another group, re-checked as a save would check it."""

    data = fields.List(fields.Nested(GroupConflictsSchema), required=True)
    pageToken = fields.String(allow_none=True)
