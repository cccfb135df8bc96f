"""Marshmallow schemas of an SFI application made without signing in, its status and its placement."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from services.sfi_schedule.learners.schemas import COURSES, LANGUAGE, _Constraints
from services.sfi_schedule.rules.eligibility import RESIDENCE
from shared import fields

STATES = ("waiting", "placed", "rejected")
ID_DOCUMENTS = ("passport", "national_id", "residence_permit", "swedish_id", "other")
PHONE = validate.Regexp(r"^\+?[0-9 ()-]{5,20}$", error="a phone number such as +46 70 123 45 67")


class SfiApplicationConstraintsSchema(_Constraints):
    """The learner's life as matching knows it: work hours, a child along, evening or daytime, where to study."""

    class Meta:
        exclude = ("path", "preferredLanguage")  # both are asked at the top of the application


class SfiContactSchema(Schema):
    """How the SFI office reaches the applicant: an e-mail address, a phone number, or both."""

    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.NumericString(load_default=None, allow_none=True, validate=PHONE)

    @validates_schema
    def _one_of_them(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("give an e-mail address or a phone number (or both)", "email")


class SfiApplicationCreateSchema(Schema):
    """An SFI application by someone who has not signed in (no Swedish e-ID needed)."""

    course = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(COURSES),
        metadata={"description": "The course wished for; null when not known (a mapping at the school decides)"},
    )  # fmt: skip
    path = fields.Integer(
        load_default=None, allow_none=True, validate=validate.OneOf((1, 2, 3)),
        metadata={"description": "Study path 1-3 if known (1 = little schooling, 3 = used to studying)"},
    )  # fmt: skip
    constraints = fields.Nested(SfiApplicationConstraintsSchema, load_default=dict)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    contact = fields.Nested(SfiContactSchema, required=True)
    preferredLanguage = fields.String(required=True, validate=LANGUAGE)
    birthDate = fields.Date(load_default=None, allow_none=True, metadata={"description": "As the person states it"})
    residence = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RESIDENCE))
    protectedIdentity = fields.Boolean(load_default=False)


class SfiIdentityCheckSchema(Schema):
    """The identity check made in person: the document seen and, if the person has one, their number."""

    document = fields.String(required=True, validate=validate.OneOf(ID_DOCUMENTS))
    personalNumber = fields.NumericString(
        load_default=None, allow_none=True, load_only=True,
        metadata={"description": "Personnummer or samordningsnummer, if the person has one; stored with the "
                  "learner, shown masked, never logged"},
    )  # fmt: skip


class SfiPlacementRequestSchema(Schema):
    """An administrator places a waiting application in a group (enrolled, or on its wait-list)."""

    groupId = fields.UUID(required=True)
    identityCheck = fields.Nested(SfiIdentityCheckSchema, required=True)
    path = fields.Integer(load_default=None, allow_none=True, validate=validate.OneOf((1, 2, 3)))
    birthDate = fields.Date(load_default=None, allow_none=True)
    residence = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RESIDENCE))
    placementCourse = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(COURSES),
        metadata={"description": "The course a mapping (kartläggning) placed the person in, if one was made"},
    )  # fmt: skip
    rightAroseOn = fields.Date(
        load_default=None, allow_none=True, metadata={"description": "Defaults to the day the application came in"}
    )
    alternatives = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=10))
    anyGroupThatFits = fields.Boolean(load_default=False)


class SfiRejectionSchema(Schema):
    """An administrator closes a waiting application without a place (the reason is shown to the applicant)."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class SfiPlacedSchema(Schema):
    """Where the application was placed: the enrolment's status, group and wait-list position."""

    enrolmentId = fields.UUID(required=True)
    status = fields.String(required=True, metadata={"example": "waitlisted"})
    groupId = fields.UUID(required=True)
    groupName = fields.String(required=True)
    position = fields.Integer(allow_none=True)
    offer = fields.Dict(allow_none=True)


class SfiApplicationSchema(Schema):
    """An application as its reader may see it: the applicant (with the code) sees state and outcome only."""

    id = fields.UUID(required=True)
    reference = fields.String(required=True, metadata={"example": "SFI-2026-7K3M9QXD"})
    trackingCode = fields.String(metadata={"description": "Only in the first answer to the submission"})
    state = fields.String(required=True, validate=validate.OneOf(STATES))
    course = fields.String(allow_none=True)
    path = fields.Integer(allow_none=True)
    preferredLanguage = fields.String()
    submittedAt = fields.DateTime(required=True)
    decidedAt = fields.DateTime(allow_none=True)
    decisionNote = fields.String(allow_none=True)
    placement = fields.Nested(SfiPlacedSchema, allow_none=True)
    name = fields.String(metadata={"description": "Administrators only"})
    contact = fields.Dict(allow_none=True, metadata={"description": "Administrators only"})
    constraints = fields.Dict(metadata={"description": "Administrators only"})
    birthDate = fields.Date(allow_none=True)
    residence = fields.String(allow_none=True)
    protectedIdentity = fields.Boolean()
    identityCheck = fields.Dict(allow_none=True, metadata={"description": "document, checkedBy, checkedAt"})
    learnerId = fields.UUID(allow_none=True)
    version = fields.Integer(required=True)


class SfiApplicationListSchema(Schema):
    """A page of applications, oldest waiting first."""

    data = fields.List(fields.Nested(SfiApplicationSchema), required=True)
    pageToken = fields.String(allow_none=True)


class SfiListQuerySchema(Schema):
    """Which applications to list."""

    state = fields.String(load_default="waiting", validate=validate.OneOf(STATES))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    pageToken = fields.String(load_default=None)
