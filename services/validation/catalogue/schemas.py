"""Marshmallow schemas of the role catalogue."""

from marshmallow import Schema, validate

from shared import fields
from shared.i18n import LANGUAGES


class CatalogueCourseSchema(Schema):
    """A course in a requirement profile."""

    code = fields.String(required=True, metadata={"example": "OMVOMV01"})
    name = fields.String(required=True)
    points = fields.Integer(required=True)
    part = fields.String(allow_none=True, metadata={"description": "Part of the package (base, add-on …)"})
    alternativeGroup = fields.String(
        allow_none=True, metadata={"description": "Courses sharing a group are alternatives"}
    )
    prerequisites = fields.List(fields.String(), required=True)


class RequirementProfileSchema(Schema):
    """One versioned set of requirements for a role, valid between two dates."""

    code = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(
        required=True, metadata={"description": "package | points_rule | legacy | transition | experience"}
    )
    validFrom = fields.String(allow_none=True, metadata={"format": "date"})
    validTo = fields.String(allow_none=True, metadata={"format": "date"})
    educationStartedFrom = fields.String(allow_none=True, metadata={"format": "date"})
    educationStartedTo = fields.String(allow_none=True, metadata={"format": "date"})
    minPoints = fields.Integer(allow_none=True)
    rules = fields.Dict(
        required=True,
        metadata={
            "description": "Data of the route; an experience route lists `occupations` [{ssyk, title}], "
            "`minFullTimeMonths` and `withinYears`"
        },
    )
    courses = fields.List(fields.Nested(CatalogueCourseSchema), required=True)


class RoleSchema(Schema):
    """A role applicants can be validated against."""

    code = fields.String(required=True, metadata={"example": "underskoterska"})
    titleSv = fields.String(required=True, attribute="title_sv")
    titleEn = fields.String(required=True, attribute="title_en")
    title = fields.String(
        required=True, metadata={"description": "In the reader's language (lang, else Accept-Language, else Swedish)"}
    )
    ssyk = fields.String(required=True, metadata={"description": "SSYK 2012 code"})
    jobtechId = fields.String(required=True, attribute="jobtech_id")
    regulated = fields.Boolean(required=True)
    note = fields.String(allow_none=True)
    profiles = fields.List(fields.Nested(RequirementProfileSchema), required=True)


class RoleListSchema(Schema):
    """The role catalogue."""

    data = fields.List(fields.Nested(RoleSchema), required=True)
    pageToken = fields.String(allow_none=True)


class RoleQuerySchema(Schema):
    """Filters for the catalogue."""

    validOn = fields.Date(metadata={"description": "Only profiles valid on this date"})
    lang = fields.String(
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "The language of the titles (else Accept-Language)"},
    )
