"""Marshmallow schemas of the occupation register and the shortage lists."""

from __future__ import annotations

from marshmallow import Schema, validate

from services.validation.applications.schemas import SSYK, MessageSchema
from services.validation.messages import SKILLS_LANGUAGES as LANGUAGES
from services.validation.shortage.domain import DEMAND_LEVELS, MAX_ENTRIES
from shared import fields

KOMMUNKOD = validate.Regexp(r"^[0-9]{4}$", error="must be a four-digit kommunkod (SCB), such as 0880")


class ShortageQuerySchema(Schema):
    """Which municipality's list, which version, and the language of the demand texts."""

    municipality = fields.String(validate=KOMMUNKOD, metadata={"description": "Default: the service's own"})
    version = fields.Integer(validate=validate.Range(1, 1_000_000), metadata={"description": "Default: the latest"})
    lang = fields.String(validate=validate.OneOf(LANGUAGES))


class ShortageEntryInSchema(Schema):
    """One occupation in local demand."""

    ssyk = fields.NumericString(required=True, validate=SSYK, metadata={"example": "5321"})
    title = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Needed only for an occupation outside the register (GET /v1/occupations)"},
    )
    demandLevel = fields.String(required=True, validate=validate.OneOf(DEMAND_LEVELS))
    source = fields.String(
        required=True,
        validate=validate.Length(min=1, max=300),
        metadata={"example": "Arbetsförmedlingen, Yrkesprognoser 2025, Kalmar län"},
    )
    sourceDate = fields.Date(required=True, metadata={"description": "The date of the source's figures"})


class ShortageReplaceSchema(Schema):
    """A municipality's whole list, stored as its next version."""

    note = fields.String(load_default="", validate=validate.Length(max=500))
    entries = fields.List(
        fields.Nested(ShortageEntryInSchema), required=True, validate=validate.Length(max=MAX_ENTRIES)
    )


class ShortageEntrySchema(Schema):
    """One occupation of a list, with its titles from the register."""

    ssyk = fields.String(required=True)
    titleSv = fields.String(allow_none=True)
    titleEn = fields.String(allow_none=True)
    title = fields.String(allow_none=True, metadata={"description": "The list's own title, if it gave one"})
    role = fields.String(allow_none=True, metadata={"description": "Lotsen's validation role for it, if any"})
    demandLevel = fields.String(required=True, metadata={"enum": list(DEMAND_LEVELS)})
    demand = fields.Nested(MessageSchema, required=True)
    source = fields.String(required=True)
    sourceDate = fields.Date(required=True)


class ShortageListSchema(Schema):
    """One version of a municipality's shortage occupations (version 0: none recorded)."""

    municipality = fields.String(required=True)
    version = fields.Integer(required=True)
    note = fields.String(required=True)
    createdAt = fields.DateTime(allow_none=True)
    data = fields.List(fields.Nested(ShortageEntrySchema), required=True)
    pageToken = fields.String(allow_none=True, metadata={"description": "Always null: a version is one document"})


class OccupationSchema(Schema):
    """An occupation of the register and the way in that Lotsen knows of."""

    ssyk = fields.String(required=True)
    titleSv = fields.String(required=True)
    titleEn = fields.String(required=True)
    role = fields.String(allow_none=True)
    educationFields = fields.List(fields.String(), required=True)
    sfiLevel = fields.String(allow_none=True, metadata={"description": "SFI course to have passed to start"})
    swedishCourses = fields.List(fields.String(), required=True, metadata={"description": "Course codes beyond SFI"})
    drivingLicences = fields.List(fields.String(), required=True)
    requirementSource = fields.String(required=True)


class OccupationListSchema(Schema):
    """The occupation register."""

    data = fields.List(fields.Nested(OccupationSchema), required=True)
    pageToken = fields.String(allow_none=True)
