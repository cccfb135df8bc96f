"""Schemas of the published schedule: query strings and response shapes."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from services.sfi_schedule.admin.schemas import VENUE_KINDS
from services.sfi_schedule.groups.schemas import VARIANTS
from services.sfi_schedule.wire import PageQuerySchema
from shared import fields

MAX_WINDOW_DAYS = 400


class GroupQuerySchema(Schema):
    """Filters of the published group list (repeat a key or separate values by commas)."""

    course = fields.List(fields.String(validate=validate.OneOf(("A", "B", "C", "D"))))
    path = fields.List(fields.Integer(validate=validate.OneOf((1, 2, 3))))
    daypart = fields.List(
        fields.String(validate=validate.OneOf(("morning", "afternoon", "evening"))),
        metadata={"description": "Groups whose every session is in one of these dayparts (evening = from 17:00)"},
    )
    venueKind = fields.List(fields.String(validate=validate.OneOf(VENUE_KINDS)))
    variant = fields.List(fields.String(validate=validate.OneOf(VARIANTS)))
    district = fields.String(validate=validate.Length(max=100))
    weekday = fields.List(fields.Integer(validate=validate.Range(1, 7)), metadata={"description": "Meets on any of"})
    childPresent = fields.Boolean()
    hasFreeSeats = fields.Boolean()
    venueId = fields.UUID()
    q = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "Free text, every word"})
    modifiedAfter = fields.AwareDateTime(
        metadata={"description": "Sync: changes after this instant, tombstones included, oldest change first"}
    )
    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()


class SlotOutSchema(Schema):
    """A weekly session of a published group."""

    weekday = fields.Integer()
    start = fields.String(metadata={"example": "17:30"})
    end = fields.String()
    interval = fields.String()
    daypart = fields.String()


class VenueOutSchema(Schema):
    """Where a group meets."""

    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    street = fields.String(allow_none=True)
    postalCode = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)


class PublishedGroupSchema(Schema):
    """A published group, or (``deleted: true``) a tombstone with only id and times."""

    id = fields.UUID(required=True)
    deleted = fields.Boolean(required=True)
    revision = fields.Integer()
    publishedVersion = fields.Integer()
    modifiedAt = fields.DateTime()
    deletedAt = fields.DateTime(allow_none=True)
    name = fields.String()
    course = fields.String()
    path = fields.Integer()
    variant = fields.String()
    targetRole = fields.String(allow_none=True)
    capacity = fields.Integer()
    freeSeats = fields.Integer()
    startDate = fields.Date()
    endDate = fields.Date()
    supportLanguages = fields.List(fields.String(), metadata={"description": "ISO 639 codes"})
    courseName = fields.String(
        metadata={
            "description": "GET /v1/groups/{id} only: the course's name in the reader's language (Accept-Language)"
        }
    )
    supportLanguageNames = fields.List(
        fields.String(),
        metadata={"description": "GET /v1/groups/{id} only: the support languages by name in the reader's language"},
    )
    eveningPaths = fields.List(
        fields.Integer(),
        metadata={"description": "An evening group only: the study paths it is for (the provider's policy)"},
    )
    childPresent = fields.Boolean()
    distance = fields.Boolean()
    description = fields.String()
    venue = fields.Nested(VenueOutSchema)
    room = fields.Dict(allow_none=True)
    teacherIds = fields.List(fields.UUID())
    slots = fields.List(fields.Nested(SlotOutSchema))
    dayparts = fields.List(fields.String())


class PublishedGroupListSchema(Schema):
    """A page of published groups."""

    data = fields.List(fields.Nested(PublishedGroupSchema), required=True)
    pageToken = fields.String(allow_none=True)


class WindowQuerySchema(PageQuerySchema):
    """A date window, both ends inclusive, at most 400 days; its sessions come in pages (``limit``, ``pageToken``)."""

    from_ = fields.Date(required=True, data_key="from")
    to = fields.Date(required=True)

    @validates_schema
    def _bounded(self, data: dict[str, Any], **_: Any) -> None:
        days = (data["to"] - data["from_"]).days
        if days < 0:
            raise ValidationError("must not be before from", "to")
        if days > MAX_WINDOW_DAYS:
            raise ValidationError(f"the window is at most {MAX_WINDOW_DAYS} days", "to")


class OccurrenceOutSchema(Schema):
    """One dated session; its id is stable even when it is moved or cancelled."""

    id = fields.UUID()
    groupId = fields.UUID()
    date = fields.Date(metadata={"description": "Local date of the (possibly moved) start"})
    start = fields.DateTime(metadata={"description": "Local Europe/Stockholm time with offset"})
    end = fields.DateTime()
    originalStart = fields.DateTime()
    status = fields.String(metadata={"description": "scheduled, moved or cancelled"})
    substituted = fields.Boolean()
    roomId = fields.UUID(allow_none=True)


DAY_OFF_KEY = (
    "holiday.<name>, day_off.study_free or day_off.closed; null for a description an administrator typed (then "
    "name is that text, as typed)"
)


class DayOffSchema(Schema):
    """A day in the window without the group's sessions: a holiday, a study-free day or a closure."""

    date = fields.Date(required=True)
    key = fields.String(required=True, allow_none=True, metadata={"description": DAY_OFF_KEY})
    name = fields.String(required=True, metadata={"description": "In the reader's language (Accept-Language)"})


class OccurrenceListSchema(Schema):
    """A page of the occurrences of a group in a window, by start, and the window's days off."""

    data = fields.List(fields.Nested(OccurrenceOutSchema), required=True)
    daysOff = fields.List(fields.Nested(DayOffSchema), required=True)
    pageToken = fields.String(allow_none=True)
    timeZone = fields.String()
