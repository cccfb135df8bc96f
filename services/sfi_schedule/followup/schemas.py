"""Request and response shapes of outcome records, follow-up facts and the figures."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, validate, validates_schema

from services.sfi_schedule.followup.domain import (
    EMPLOYMENT_FORMS,
    KINDS,
    PLACEMENT_KINDS,
    SEXES,
    SOURCES,
    STUDY_KINDS,
)
from shared import fields  # digits of any script in numbers, dates and times (issue 16)


class OutcomeInSchema(Schema):
    """What the learner was doing on a day, and where that is known from. The learner is named by id or number."""

    learnerId = fields.UUID(metadata={"description": "The learner's id in Lotsen (or send personalNumber)"})
    personalNumber = fields.String(
        validate=validate.Length(min=10, max=13),
        metadata={"description": "YYYYMMDD-NNNN; sent in the body only, never stored on the record"},
    )
    observedOn = fields.Date(required=True, metadata={"description": "The day the record describes"})
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    ssyk = fields.NumericString(allow_none=True, validate=validate.Regexp(r"^[0-9]{4}$"),
                         metadata={"description": "work: SSYK 2012 unit group, if known"})  # fmt: skip
    extentPercent = fields.Integer(allow_none=True, validate=validate.Range(1, 100),
                                   metadata={"description": "work: percent of full time"})  # fmt: skip
    employmentForm = fields.String(allow_none=True, validate=validate.OneOf(EMPLOYMENT_FORMS))
    studyKind = fields.String(allow_none=True, validate=validate.OneOf(STUDY_KINDS))
    placementKind = fields.String(allow_none=True, validate=validate.OneOf(PLACEMENT_KINDS))
    source = fields.String(required=True, validate=validate.OneOf(SOURCES))

    @validates_schema
    def _one_person(self, data, **kwargs) -> None:
        if ("learnerId" in data) == ("personalNumber" in data):
            raise ValidationError("send exactly one of learnerId and personalNumber", "learnerId")


class OutcomeSchema(Schema):
    """A stored outcome record."""

    id = fields.UUID(required=True)
    learnerId = fields.UUID(required=True)
    observedOn = fields.Date(required=True)
    kind = fields.String(required=True)
    ssyk = fields.String(allow_none=True)
    extentPercent = fields.Integer(allow_none=True)
    employmentForm = fields.String(allow_none=True)
    studyKind = fields.String(allow_none=True)
    placementKind = fields.String(allow_none=True)
    source = fields.String(required=True)
    recordedBy = fields.String(required=True)
    recordedAt = fields.DateTime(required=True)
    retractedAt = fields.DateTime(allow_none=True)


class OutcomeListQuerySchema(Schema):
    """Whose records, one page at a time."""

    learnerId = fields.UUID(required=True)
    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()


class OutcomePageSchema(Schema):
    """One page of a learner's records, oldest day first (retracted ones included, marked)."""

    data = fields.List(fields.Nested(OutcomeSchema), required=True)
    pageToken = fields.String(allow_none=True)


class PersonFactsInSchema(Schema):
    """The follow-up facts of a learner; an absent or null value is not recorded."""

    sex = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(SEXES))
    arrivedOn = fields.Date(allow_none=True, load_default=None,
                            metadata={"description": "The day the person arrived in the municipality"})  # fmt: skip


class PersonFactsSchema(Schema):
    """A learner's follow-up facts."""

    learnerId = fields.UUID(required=True)
    sex = fields.String(allow_none=True)
    arrivedOn = fields.Date(allow_none=True)
    version = fields.Integer(required=True)
    updatedAt = fields.DateTime(required=True)


class FollowupFiguresSchema(Schema):
    """The SFI and placement figures: cells of persons, every value about fewer than 5 persons suppressed."""

    window = fields.Dict(required=True)
    minPersons = fields.Integer(required=True)
    sfiStart = fields.Dict(required=True)
    sfiResults = fields.Dict(required=True)
    workOrStudies = fields.Dict(required=True)
    placements = fields.Dict(required=True)
