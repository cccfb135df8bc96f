"""Marshmallow schemas of a skills mapping: what is recorded, the ranked result, and making an application of it."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from services.validation.applications.schemas import (
    COUNTRY,
    LANGUAGE,
    SSYK,
    TEXT,
    ClaimsSchema,
    ContactSchema,
    IdentityNumberSchema,
    MessageSchema,
    NameSchema,
    NoSwedishNumberSchema,
    SwedishLevelSchema,
)
from services.validation.shortage.schemas import KOMMUNKOD
from services.validation.skills.domain import (
    DRIVING_LICENCES,
    EDUCATION_FIELDS,
    EDUCATION_LEVELS,
    EXTENTS,
    LANGUAGE_LEVELS,
)
from shared import fields


class SchoolingSchema(Schema):
    """One education: level, field, country and years (the rest is optional)."""

    level = fields.String(required=True, validate=validate.OneOf(EDUCATION_LEVELS))
    field = fields.String(load_default="other", validate=validate.OneOf(EDUCATION_FIELDS))
    country = fields.String(required=True, validate=COUNTRY)
    years = fields.Float(required=True, validate=validate.Range(0.5, 25), metadata={"description": "How long"})
    endYear = fields.Integer(validate=validate.Range(1940, 2100), metadata={"description": "When it ended"})
    programme = fields.String(validate=TEXT)
    institution = fields.String(validate=TEXT)
    language = fields.String(validate=LANGUAGE, metadata={"description": "The language it was taught in"})


class WorkSchema(Schema):
    """One period of work: the occupation (SSYK 2012, or the person's own words), years and extent."""

    ssyk = fields.NumericString(validate=SSYK, metadata={"example": "5330"})
    title = fields.String(validate=TEXT, metadata={"description": "The occupation in the person's own words"})
    years = fields.Float(required=True, validate=validate.Range(0.1, 50), metadata={"description": "How long"})
    extentPercent = fields.Integer(load_default=100, validate=validate.Range(1, 100))
    endYear = fields.Integer(
        allow_none=True, validate=validate.Range(1940, 2100), metadata={"description": "Absent: still working"}
    )
    employer = fields.String(validate=TEXT)
    country = fields.String(validate=COUNTRY)

    @validates_schema
    def _what(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("ssyk") and not data.get("title"):
            raise ValidationError("give the occupation: an SSYK code or a title", "ssyk")


class LanguageSkillSchema(Schema):
    """A language the person speaks (besides Swedish) and how well."""

    code = fields.String(required=True, validate=LANGUAGE, metadata={"example": "ar"})
    level = fields.String(required=True, validate=validate.OneOf(LANGUAGE_LEVELS))


class WishesSchema(Schema):
    """What the person would like: occupations, extent, and whether a work placement is welcome."""

    occupations = fields.List(fields.NumericString(validate=SSYK), load_default=list, validate=validate.Length(max=10))
    extent = fields.String(load_default="any", validate=validate.OneOf(EXTENTS))
    placement = fields.Boolean(load_default=True, metadata={"description": "Open to a work placement during SFI"})
    text = fields.String(load_default="", validate=validate.Length(max=1000))


class MappingInSchema(Schema):
    """What a person (or a caseworker with them) records in the initial mapping."""

    name = fields.Nested(NameSchema, metadata={"description": "Optional: the mapping needs no identity"})
    preferredLanguage = fields.String(load_default="sv", validate=LANGUAGE)
    municipality = fields.String(validate=KOMMUNKOD, metadata={"description": "Default: the service's own"})
    education = fields.List(fields.Nested(SchoolingSchema), load_default=list, validate=validate.Length(max=10))
    experience = fields.List(fields.Nested(WorkSchema), load_default=list, validate=validate.Length(max=20))
    swedish = fields.Nested(SwedishLevelSchema, load_default=lambda: {"kind": "none"})
    languages = fields.List(fields.Nested(LanguageSkillSchema), load_default=list, validate=validate.Length(max=20))
    drivingLicence = fields.List(
        fields.String(validate=validate.OneOf(DRIVING_LICENCES)), load_default=list, validate=validate.Length(max=14)
    )
    wishes = fields.Nested(WishesSchema, load_default=lambda: {})

    @validates_schema
    def _unique(self, data: dict[str, Any], **kwargs: Any) -> None:
        licences = data.get("drivingLicence") or []
        if len(set(licences)) != len(licences):
            raise ValidationError("name each licence category once", "drivingLicence")


class ResultOccupationSchema(Schema):
    """One occupation in local demand, judged for the person, with its way there."""

    rank = fields.Integer(required=True)
    ssyk = fields.String(required=True)
    title = fields.String(required=True)
    demandLevel = fields.String(required=True)
    demand = fields.Nested(MessageSchema, required=True)
    source = fields.String(required=True)
    sourceDate = fields.Date(required=True)
    score = fields.Integer(required=True)
    points = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "experience + education + demand + wish = score"},
    )
    relevance = fields.Dict(
        required=True,
        metadata={
            "description": "kind: same_occupation | same_group | related "
            "| same_field | none; the SSYK code and months it rests on"
        },
    )
    reasons = fields.List(fields.Nested(MessageSchema), required=True)
    validation = fields.Dict(
        required=True,
        metadata={"description": "Lotsen's validation role and its pre-check on what was recorded, or role null"},
    )
    swedish = fields.Dict(
        required=True,
        metadata={
            "description": "Entry level (SFI course to have passed), SFI courses left, Swedish courses beyond SFI"
        },
    )
    drivingLicences = fields.Dict(required=True)
    placements = fields.Dict(
        required=True,
        metadata={
            "description": "Where the open placements are; the gateway's /api/skills/v1/mappings/{id} fills in `data`"
        },
    )


class ResultSchema(Schema):
    """The ranked result against the municipality's current shortage list."""

    municipality = fields.String(required=True)
    shortageVersion = fields.Integer(required=True)
    rule = fields.Nested(MessageSchema, required=True)
    notice = fields.Nested(MessageSchema, allow_none=True)
    occupations = fields.List(fields.Nested(ResultOccupationSchema), required=True)


class MappingSchema(Schema):
    """A skills mapping as its reader may see it, with its result.

    A replayed creation (same Idempotency-Key, ``Idempotent-Replayed: true``) answers with the receipt only:
    id, reference, version, createdAt.
    """

    id = fields.UUID(required=True)
    reference = fields.String(required=True)
    trackingCode = fields.String(metadata={"description": "Only in the answer to a creation without sign-in; once"})
    version = fields.Integer(required=True)
    municipality = fields.String()
    preferredLanguage = fields.String()
    language = fields.String(metadata={"description": "The language of the texts"})
    recordedBy = fields.String(metadata={"enum": ["person", "caseworker"]})
    signedIn = fields.Boolean(metadata={"description": "Whether a signed-in person owns it"})
    owner = fields.String(allow_none=True, metadata={"description": "The owner's subject (caseworkers only)"})
    name = fields.Dict(allow_none=True)
    education = fields.List(fields.Dict())
    experience = fields.List(fields.Dict())
    swedish = fields.Dict()
    languages = fields.List(fields.Dict())
    drivingLicence = fields.List(fields.String())
    wishes = fields.Dict()
    applications = fields.List(fields.Dict(), metadata={"description": "Applications made from it"})
    result = fields.Nested(ResultSchema)
    createdAt = fields.DateTime()
    updatedAt = fields.DateTime()


class MappingItemSchema(Schema):
    """A mapping in a list."""

    id = fields.UUID(required=True)
    reference = fields.String(required=True)
    version = fields.Integer(required=True)
    recordedBy = fields.String(required=True)
    signedIn = fields.Boolean(required=True)
    municipality = fields.String(required=True)
    name = fields.Dict(allow_none=True)
    createdAt = fields.DateTime(required=True)
    updatedAt = fields.DateTime(required=True)


class MappingListSchema(Schema):
    """One page of mappings, newest first."""

    data = fields.List(fields.Nested(MappingItemSchema), required=True)
    pageToken = fields.String(allow_none=True)


class MappingListQuerySchema(Schema):
    """Paging of the list."""

    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()


class ReferenceSchema(Schema):
    """A mapping's reference, for whoever holds its tracking code."""

    reference = fields.String(required=True, validate=validate.Length(min=1, max=40))


class ApplicationFromMappingSchema(Schema):
    """Make a validation application of a mapping: the occupation (or role), and what an application needs
    that the mapping does not record. Name and language default to the mapping's."""

    ssyk = fields.NumericString(validate=SSYK, metadata={"description": "An occupation of the result"})
    targetRole = fields.String(validate=validate.Length(min=1, max=60))
    name = fields.Nested(NameSchema)
    identity = fields.Nested(IdentityNumberSchema)
    noSwedishNumber = fields.Nested(NoSwedishNumberSchema)
    protectedIdentity = fields.Boolean(load_default=False)
    contact = fields.Nested(ContactSchema, required=True)
    preferredLanguage = fields.String(validate=LANGUAGE)
    claims = fields.Nested(ClaimsSchema, load_default=lambda: {"permanentPostOn20230701": False})

    @validates_schema
    def _which(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("ssyk" in data) == ("targetRole" in data):
            raise ValidationError("give exactly one of ssyk or targetRole", "ssyk")
