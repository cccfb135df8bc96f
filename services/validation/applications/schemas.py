"""Marshmallow schemas of an application: what an applicant sends, and what a case looks like."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from shared import fields

COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="must be an ISO 3166-1 alpha-2 country code such as SE or SY")
LANGUAGE = validate.Regexp(r"^[a-z]{2,3}$", error="must be an ISO 639 language code such as sv, en or ar")
TEXT = validate.Length(min=1, max=200)
SSYK = validate.Regexp(r"^[0-9]{4}$", error="must be a four-digit SSYK 2012 code")
DOCUMENT_TYPES = ("passport", "national_id", "residence_permit", "travel_document", "other")
EDUCATION_FIELDS = ("care", "childcare", "pedagogy", "other")
SFI_COURSES = ("A", "B", "C", "D")
SVA_COURSES = ("grund", "1", "2", "3")


class IdentityNumberSchema(Schema):
    """A personnummer or samordningsnummer (checked against today's date by the service, see shared.personnummer)."""

    number = fields.NumericString(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"example": "811218-9876", "description": "YYMMDD-NNNC, YYMMDD+NNNC (100 or older) or YYYYMMDDNNNC"},
    )


class NoSwedishNumberSchema(Schema):
    """An applicant without a Swedish number: a person checks the passport or ID document."""

    documentType = fields.String(required=True, validate=validate.OneOf(DOCUMENT_TYPES))
    country = fields.String(validate=COUNTRY, metadata={"description": "Issuing country"})


class NameSchema(Schema):
    """The applicant's name."""

    given = fields.String(required=True, validate=TEXT)
    family = fields.String(required=True, validate=TEXT)


class ContactSchema(Schema):
    """How the municipality reaches the applicant (email or phone, at least one)."""

    email = fields.Email(validate=validate.Length(max=254))
    phone = fields.NumericString(validate=validate.Regexp(r"^\+?[0-9][0-9 \-]{5,19}$", error="must be a phone number"))
    address = fields.String(validate=validate.Length(max=300))

    @validates_schema
    def _one_way(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("give an email address or a phone number", "email")


class EducationSchema(Schema):
    """One education, in Sweden or abroad."""

    country = fields.String(required=True, validate=COUNTRY)
    institution = fields.String(required=True, validate=TEXT)
    programme = fields.String(required=True, validate=TEXT)
    field = fields.String(load_default="other", validate=validate.OneOf(EDUCATION_FIELDS))
    startYear = fields.Integer(required=True, validate=validate.Range(1940, 2100))
    endYear = fields.Integer(allow_none=True, validate=validate.Range(1940, 2100))
    startedOn = fields.Date(allow_none=True)
    hours = fields.Integer(allow_none=True, validate=validate.Range(0, 20000))
    language = fields.String(required=True, validate=LANGUAGE)
    courseCodes = fields.List(
        fields.NumericString(validate=validate.Regexp(r"^[A-Za-z0-9]{4,12}$", error="must be a course code")),
        load_default=list,
        validate=validate.Length(max=60),
    )

    @validates_schema
    def _years(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("endYear") is not None and data["endYear"] < data["startYear"]:
            raise ValidationError("must not be before startYear", "endYear")


class ExperienceSchema(Schema):
    """One period of work; extent in percent of full time."""

    employer = fields.String(required=True, validate=TEXT)
    role = fields.String(required=True, validate=TEXT)
    start = fields.Date(required=True, data_key="from")
    end = fields.Date(allow_none=True, data_key="to")
    extentPercent = fields.Integer(required=True, validate=validate.Range(1, 100))
    ssyk = fields.NumericString(
        validate=SSYK, metadata={"description": "The applicant's own SSYK 2012 code; a caseworker may map another"}
    )

    @validates_schema
    def _period(self, data: dict[str, Any], **kwargs: Any) -> None:
        # "Not in the future" needs today's date: the service checks it with the injected clock.
        if data.get("end") is not None and data["end"] < data["start"]:
            raise ValidationError("must not be before from", "to")


class SwedishLevelSchema(Schema):
    """The applicant's Swedish: an SFI course passed, Svenska som andraspråk, Svenska, or none."""

    kind = fields.String(required=True, validate=validate.OneOf(("none", "sfi", "sva", "svenska")))
    course = fields.String(allow_none=True, metadata={"description": "SFI A-D, or SvA grund/1/2/3"})

    @validates_schema
    def _course(self, data: dict[str, Any], **kwargs: Any) -> None:
        allowed = {"sfi": SFI_COURSES, "sva": SVA_COURSES}.get(data["kind"])
        if allowed and data.get("course") not in allowed:
            raise ValidationError(f"must be one of {', '.join(allowed)} for {data['kind']}", "course")


class ClaimsSchema(Schema):
    """What the applicant claims and the caseworker will verify."""

    permanentPostOn20230701 = fields.Boolean(
        load_default=False, metadata={"description": "Held a permanent undersköterska post on 2023-07-01"}
    )


class ApplicationCreateSchema(Schema):
    """A validation application."""

    name = fields.Nested(NameSchema, required=True)
    identity = fields.Nested(IdentityNumberSchema)
    noSwedishNumber = fields.Nested(NoSwedishNumberSchema)
    protectedIdentity = fields.Boolean(load_default=False)
    contact = fields.Nested(ContactSchema, required=True)
    preferredLanguage = fields.String(load_default="sv", validate=LANGUAGE)
    targetRole = fields.String(required=True, validate=validate.Length(min=1, max=60))
    education = fields.List(fields.Nested(EducationSchema), load_default=list, validate=validate.Length(max=20))
    experience = fields.List(fields.Nested(ExperienceSchema), load_default=list, validate=validate.Length(max=30))
    swedishLevel = fields.Nested(SwedishLevelSchema, required=True)
    claims = fields.Nested(ClaimsSchema, load_default=lambda: {"permanentPostOn20230701": False})

    @validates_schema
    def _one_identity(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("identity" in data) == ("noSwedishNumber" in data):
            raise ValidationError("give exactly one of identity or noSwedishNumber", "identity")


class MessageSchema(Schema):
    """A text from the message catalogue: the key for machines, the text for people."""

    key = fields.String(required=True)
    text = fields.String(required=True)


class PrecheckSchema(Schema):
    """The automated pre-check."""

    route = fields.Nested(MessageSchema, allow_none=True)
    routes = fields.List(fields.Dict(), required=True)
    missingDocuments = fields.List(fields.Nested(MessageSchema), required=True)
    coverage = fields.Dict(allow_none=True)
    advice = fields.List(fields.Nested(MessageSchema), required=True)


class ApplicationSchema(Schema):
    """A validation case as the caller may see it.

    A replayed submission (same Idempotency-Key, header ``Idempotent-Replayed: true``) answers with the public
    receipt only: id, reference, targetRole, state, version, submittedAt, stateChangedAt.
    """

    id = fields.UUID(required=True)
    reference = fields.String(required=True)
    trackingCode = fields.String(metadata={"description": "Only in the answer to an anonymous submission; shown once"})
    state = fields.String(required=True)
    version = fields.Integer(required=True)
    targetRole = fields.String(required=True)
    targetRoleTitle = fields.String(metadata={"description": "The role's name in the language of the texts (lang)"})
    identity = fields.Dict(allow_none=True, metadata={"description": "Number masked YYYYMMDD-**** unless caseworker"})
    name = fields.Dict(allow_none=True)
    contact = fields.Dict(
        allow_none=True,
        metadata={
            "description": "Null for a protected identity unless the reader is the applicant or the assigned caseworker"
        },
    )
    protectedIdentity = fields.Boolean()
    preferredLanguage = fields.String()
    education = fields.List(fields.Dict())
    experience = fields.List(fields.Dict())
    swedishLevel = fields.Dict(allow_none=True)
    claims = fields.Dict()
    precheck = fields.Nested(PrecheckSchema)
    documents = fields.List(fields.Dict())
    decision = fields.Dict(allow_none=True)
    assessment = fields.Dict(allow_none=True)
    assignedTo = fields.String(allow_none=True)
    allowedTransitions = fields.List(fields.String())
    submittedAt = fields.DateTime()
    stateChangedAt = fields.DateTime()


class OccupationMappingSchema(Schema):
    """A caseworker's SSYK 2012 code for one experience entry's free-text occupation (null: clear it)."""

    ssyk = fields.NumericString(required=True, allow_none=True, validate=SSYK, metadata={"example": "5321"})
