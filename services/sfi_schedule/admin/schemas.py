"""Marshmallow schemas of providers, venues, rooms, teachers and terms (camelCase in, camelCase out)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from marshmallow import Schema, ValidationError, pre_dump, validate, validates_schema

from shared import fields

VENUE_KINDS = ("school", "library", "open_preschool", "workplace", "digital")
Text = lambda **kw: fields.String(validate=validate.Length(min=1, max=200), **kw)  # noqa: E731


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _time(value: Any) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


class _Meta(Schema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    createdAt = fields.DateTime(dump_only=True, attribute="created_at")
    updatedAt = fields.DateTime(dump_only=True, attribute="updated_at")
    deletedAt = fields.DateTime(dump_only=True, attribute="deleted_at", allow_none=True)


class DateRangeSchema(Schema):
    """A closure or study-free period; both ends inclusive."""

    from_ = fields.Date(required=True, data_key="from", attribute="from")
    to = fields.Date(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=200))

    @pre_dump
    def _from_jsonb(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        # Stored in jsonb as ISO strings.
        return {**data, "from": _date(data["from"]), "to": _date(data["to"])}

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["to"] < data["from"]:
            raise ValidationError("must not be before from", "to")


class OpeningHoursSchema(Schema):
    """Opening hours on one ISO weekday (1 = Monday)."""

    weekday = fields.Integer(required=True, validate=validate.Range(1, 7))
    opens = fields.Time(required=True, format="%H:%M")
    closes = fields.Time(required=True, format="%H:%M")

    @pre_dump
    def _from_jsonb(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "opens": _time(data["opens"]), "closes": _time(data["closes"])}

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["closes"] <= data["opens"]:
            raise ValidationError("must be after opens", "closes")


class ProviderSchema(_Meta):
    """An SFI provider (the municipality's own school or a contracted one)."""

    name = Text(required=True)
    organisationNumber = fields.String(attribute="organisation_number", allow_none=True, load_default=None)


class VenueSchema(_Meta):
    """A place where groups meet."""

    providerId = fields.UUID(required=True, attribute="provider_id")
    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(VENUE_KINDS))
    street = fields.String(allow_none=True, load_default=None)
    postalCode = fields.String(attribute="postal_code", allow_none=True, load_default=None)
    city = fields.String(allow_none=True, load_default=None)
    district = fields.String(allow_none=True, load_default=None)
    latitude = fields.Float(allow_none=True, load_default=None, validate=validate.Range(-90, 90))
    longitude = fields.Float(allow_none=True, load_default=None, validate=validate.Range(-180, 180))
    openingHours = fields.List(fields.Nested(OpeningHoursSchema), attribute="opening_hours", load_default=list)
    closures = fields.List(fields.Nested(DateRangeSchema), load_default=list)


class RoomSchema(_Meta):
    """A room at a venue."""

    venueId = fields.UUID(required=True, attribute="venue_id")
    name = Text(required=True)
    seats = fields.Integer(required=True, validate=validate.Range(1, 500))


class TeacherSchema(_Meta):
    """A teacher; only the date a registerkontroll extract was shown is kept, never the extract."""

    providerId = fields.UUID(required=True, attribute="provider_id")
    name = Text(required=True)
    registerkontrollShownOn = fields.Date(attribute="registerkontroll_shown_on", allow_none=True, load_default=None)


class TermSchema(_Meta):
    """A term with its study-free days."""

    name = Text(required=True)
    firstDay = fields.Date(required=True, attribute="first_day")
    lastDay = fields.Date(required=True, attribute="last_day")
    studyFreeDays = fields.List(fields.Nested(DateRangeSchema), attribute="study_free_days", load_default=list)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["last_day"] < data["first_day"]:
            raise ValidationError("must not be before firstDay", "lastDay")


def _list_of(name: str, item: type[Schema]) -> type[Schema]:
    return type(
        name,
        (Schema,),
        {"data": fields.List(fields.Nested(item), required=True), "pageToken": fields.String(allow_none=True)},
    )


ProviderListSchema = _list_of("ProviderListSchema", ProviderSchema)
VenueListSchema = _list_of("VenueListSchema", VenueSchema)
RoomListSchema = _list_of("RoomListSchema", RoomSchema)
TeacherListSchema = _list_of("TeacherListSchema", TeacherSchema)
TermListSchema = _list_of("TermListSchema", TermSchema)
