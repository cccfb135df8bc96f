"""Marshmallow schemas of workplaces, placement offers, agreements, matches and the yearly figure (camelCase)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from services.sfi_schedule.learners.schemas import LANGUAGE, BusyWindowSchema
from services.sfi_schedule.matching.schemas import ReasonSchema
from services.sfi_schedule.placements.domain import COURSES, EMPLOYER_KINDS, KINDS, SECTORS, STATES
from shared import fields  # digits of any script in numbers, dates and times (issue 16)

Text = lambda n=200, **kw: fields.String(validate=validate.Length(min=1, max=n), **kw)  # noqa: E731
Optional = lambda n=200, **kw: fields.String(load_default=None, allow_none=True, validate=validate.Length(max=n), **kw)  # noqa: E731
SSYK = validate.Regexp(r"^[0-9]{4}$", error="an SSYK 2012 unit group: four digits, such as 5321")


class _Meta(Schema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    createdAt = fields.DateTime(dump_only=True)
    updatedAt = fields.DateTime(dump_only=True)


class ContactSchema(Schema):
    """The workplace's contact person; ``subject`` is their sign-in identity, so they see their placements."""

    name = Text(required=True)
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.NumericString(load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?[0-9 ()-]{5,20}$"))
    subject = Optional(metadata={"description": "The contact's sign-in subject (shown to administrators only)"})


class WorkplaceSchema(_Meta):
    """A municipal unit or a private employer taking learners on placements."""

    name = Text(required=True, metadata={"example": "Lindgårdens äldreboende"})
    employerKind = fields.String(required=True, validate=validate.OneOf(EMPLOYER_KINDS))
    sector = fields.String(required=True, validate=validate.OneOf(SECTORS), metadata={"example": "elderly_care"})
    organisation = fields.String(load_default="", validate=validate.Length(max=200))
    venueId = fields.UUID(load_default=None, allow_none=True, metadata={"description": "An SFI venue, or give street"})
    street = Optional()
    postalCode = Optional(20)
    city = Optional(100)
    district = Optional(100)
    latitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))
    contact = fields.Nested(ContactSchema, required=True)
    needsRegisterkontroll = fields.Boolean(
        load_default=False, metadata={"description": "Staff show a registerkontroll (only its date is kept)"}
    )

    @validates_schema
    def _where(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("venueId") is None and not data.get("street"):
            raise ValidationError("give the street address, or an SFI venue in venueId", "street")
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError("give both latitude and longitude, or neither", "longitude")


class PlacementHoursSchema(BusyWindowSchema):
    """A weekly window of placement hours: the learner profile's busy-window model, rotating weeks included."""

    class Meta:
        exclude = ("kind", "validFrom", "validTo")


class MentorSchema(Schema):
    """The handledare at the workplace."""

    name = Text(required=True)
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.NumericString(load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?[0-9 ()-]{5,20}$"))


class PlacementOfferSchema(_Meta):
    """A placement offer: occupation, kind, weekly hours, period, seats, the SFI level needed, mentor, languages."""

    workplaceId = fields.UUID(required=True)
    title = Text(required=True, metadata={"example": "Språkpraktik i äldreomsorgen"})
    occupation = fields.NumericString(required=True, validate=SSYK, metadata={"example": "5321"})
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    hours = fields.List(fields.Nested(PlacementHoursSchema), required=True, validate=validate.Length(min=1, max=14))
    startDate = fields.Date(required=True)
    endDate = fields.Date(required=True)
    seats = fields.Integer(required=True, validate=validate.Range(1, 100))
    sfiLevel = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(COURSES),
        metadata={"description": "The SFI course the learner studies at least (null: any)"},
    )  # fmt: skip
    mentor = fields.Nested(MentorSchema, required=True)
    languages = fields.List(fields.String(validate=LANGUAGE), load_default=list, validate=validate.Length(max=20),
                            metadata={"description": "Spoken at the workplace besides Swedish"})  # fmt: skip
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    status = fields.String(load_default="open", validate=validate.OneOf(("open", "withdrawn")))
    workplace = fields.Dict(dump_only=True)
    freeSeats = fields.Integer(dump_only=True)
    weeklyHours = fields.Float(dump_only=True)
    plannedHours = fields.Float(dump_only=True)


class AgreementRequestSchema(Schema):
    """Propose a placement to a learner: a seat is held while it is proposed, agreed or ongoing."""

    learnerId = fields.UUID(
        load_default=None, allow_none=True, metadata={"description": "Staff name the learner; a learner asks for self"}
    )
    learnerSubject = Optional(metadata={"description": "Staff only, instead of learnerId: the learner's sign-in "
                                        "subject (the gateway's proposal from a skills mapping)"})  # fmt: skip
    startDate = fields.Date(load_default=None, allow_none=True, metadata={"description": "Default: the placement's"})
    endDate = fields.Date(load_default=None, allow_none=True, metadata={"description": "Default: the placement's"})
    mentorName = Optional(metadata={"description": "Default: the placement's mentor"})


class TransitionSchema(Schema):
    """Move an agreement on: agreed, ongoing (started), completed, or ended early (with a reason)."""

    to = fields.String(required=True, validate=validate.OneOf(STATES[1:]))
    on = fields.Date(load_default=None, allow_none=True, metadata={"description": "The day it happened; today"})
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=500))
    hoursDone = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 5000))
    registerkontrollShownOn = fields.Date(
        load_default=None, allow_none=True, metadata={"description": "The date it was shown; never the extract"}
    )

    @validates_schema
    def _reason(self, data: dict[str, Any], **_: Any) -> None:
        if data["to"] == "ended_early" and not data.get("reason"):
            raise ValidationError("say why the placement ended early", "reason")


class AgreementPatchSchema(Schema):
    """Change what an open agreement records: hours done, mentor, dates, the registerkontroll date."""

    hoursDone = fields.Float(validate=validate.Range(0, 5000))
    mentorName = Text()
    startDate = fields.Date()
    endDate = fields.Date()
    registerkontrollShownOn = fields.Date(allow_none=True)

    @validates_schema
    def _something(self, data: dict[str, Any], **_: Any) -> None:
        if not data:
            raise ValidationError("give at least one of hoursDone, mentorName, startDate, endDate, "
                                  "registerkontrollShownOn")  # fmt: skip


class AgreementSchema(_Meta):
    """An agreement between a learner, the workplace and the municipality, with its history."""

    placementId = fields.UUID()
    placement = fields.Dict()
    workplace = fields.Dict()
    learner = fields.Dict()
    state = fields.String(validate=validate.OneOf(STATES))
    startDate = fields.Date()
    endDate = fields.Date()
    mentorName = fields.String()
    hoursDone = fields.Float()
    plannedHours = fields.Float()
    busyWindows = fields.List(fields.Dict(), metadata={"description": "The learner's busy time while agreed"})
    registerkontroll = fields.Dict(metadata={"description": "{required, shownOn, validUntil}: the date only"})
    proposedBy = fields.String()
    agreedAt = fields.DateTime(allow_none=True)
    startedOn = fields.Date(allow_none=True)
    endedOn = fields.Date(allow_none=True)
    endReason = fields.String(allow_none=True)
    history = fields.List(fields.Dict())


class _Paged(Schema):
    """``limit`` (default 50, max 500) and the opaque ``pageToken`` of the page after."""

    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()


class WorkplaceQuerySchema(_Paged):
    """The workplace list has no filters of its own."""


class PlacementQuerySchema(_Paged):
    """Filters of the placement list."""

    workplaceId = fields.UUID()
    occupation = fields.NumericString(validate=validate.Regexp(r"^[0-9]{1,4}$", error="one to four SSYK digits"))
    kind = fields.String(validate=validate.OneOf(KINDS))
    status = fields.String(validate=validate.OneOf(("open", "withdrawn")))
    current = fields.Boolean(metadata={"description": "Only those not yet ended"})
    mine = fields.Boolean(metadata={"description": "A workplace contact's own placements only"})


class AgreementQuerySchema(_Paged):
    """Filters of the agreement list."""

    placementId = fields.UUID()
    learnerId = fields.UUID()
    state = fields.String(validate=validate.OneOf(STATES))


class CandidatesQuerySchema(Schema):
    """How many learners to show, and in which language the reasons are written."""

    limit = fields.Integer(validate=validate.Range(1, 100), metadata={"description": "Default 50"})
    language = fields.String(validate=LANGUAGE)


class FiguresQuerySchema(Schema):
    """The year of the figure (default: this year)."""

    year = fields.Integer(validate=validate.Range(2000, 2100))


class PlacementMatchRequestSchema(Schema):
    """Placements for a learner: the signed-in learner, or one named by staff."""

    learnerId = fields.UUID(load_default=None, allow_none=True)
    language = fields.String(load_default=None, allow_none=True, validate=LANGUAGE)
    kind = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(KINDS))
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class _Judged(Schema):
    score = fields.Integer(required=True)
    summary = fields.String(required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)
    whyNot = fields.List(fields.Nested(ReasonSchema), required=True)


class PlacementMatchSchema(_Judged):
    """A placement judged for a learner."""

    placementId = fields.UUID(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    occupation = fields.String(required=True)
    workplace = fields.String(required=True)
    employerKind = fields.String(required=True)
    startDate = fields.Date(required=True)
    endDate = fields.Date(required=True)
    freeSeats = fields.Integer(required=True)


class LearnerMatchSchema(_Judged):
    """A learner judged for a placement."""

    learnerId = fields.UUID(required=True)
    name = fields.String(required=True)
    level = fields.String(allow_none=True)


class PlacementMatchesSchema(Schema):
    """Ranked placements that fit a learner, and near misses with why not."""

    learnerId = fields.UUID(required=True)
    language = fields.String(required=True)
    data = fields.List(fields.Nested(PlacementMatchSchema), required=True)
    pageToken = fields.String(allow_none=True, metadata={"description": "always null: the best `limit` only"})
    nearMisses = fields.List(fields.Nested(PlacementMatchSchema), required=True)


class LearnerMatchesSchema(Schema):
    """Ranked learners who fit a placement, and near misses with why not."""

    placementId = fields.UUID(required=True)
    language = fields.String(required=True)
    data = fields.List(fields.Nested(LearnerMatchSchema), required=True)
    pageToken = fields.String(allow_none=True, metadata={"description": "always null: the best `limit` only"})
    nearMisses = fields.List(fields.Nested(LearnerMatchSchema), required=True)


class FigureRowSchema(Schema):
    """Placements started in the year at one kind of employer, against its target."""

    employerKind = fields.String(required=True)
    started = fields.Integer(required=True)
    target = fields.Integer(allow_none=True)
    progress = fields.Float(allow_none=True, metadata={"description": "started / target"})
    expectedByNow = fields.Integer(allow_none=True, metadata={"description": "The target pro rata to the day"})
    ongoing = fields.Integer(required=True)
    completed = fields.Integer(required=True)
    endedEarly = fields.Integer(required=True)
    completionRate = fields.Float(allow_none=True, metadata={"description": "completed / (completed + ended early)"})
    hoursDone = fields.Float(required=True)


class FiguresSchema(Schema):
    """The yearly placement figure: started by employer kind against the municipality's targets."""

    year = fields.Integer(required=True)
    asOf = fields.Date(required=True)
    rows = fields.List(fields.Nested(FigureRowSchema), required=True)
    total = fields.Nested(FigureRowSchema, required=True)


def _list_of(name: str, item: type[Schema]) -> type[Schema]:
    fields_ = {"data": fields.List(fields.Nested(item), required=True), "pageToken": fields.String(allow_none=True)}
    return type(name, (Schema,), fields_)


WorkplaceListSchema = _list_of("WorkplaceListSchema", WorkplaceSchema)
PlacementOfferListSchema = _list_of("PlacementOfferListSchema", PlacementOfferSchema)
AgreementListSchema = _list_of("AgreementListSchema", AgreementSchema)
