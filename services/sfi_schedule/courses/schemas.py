"""Marshmallow schemas of SFI courses."""

from marshmallow import Schema

from shared import fields


class SfiCourseSchema(Schema):
    """An SFI course; the same letter on different paths is the same course."""

    code = fields.String(required=True, metadata={"example": "C"})
    name = fields.String(required=True, metadata={"description": "In the reader's language (Accept-Language)"})
    nameSv = fields.String(required=True, attribute="name_sv")
    nameEn = fields.String(required=True, attribute="name_en")
    paths = fields.List(fields.Integer(), required=True, metadata={"description": "Study paths (1-3) with this course"})
    previous = fields.String(allow_none=True, metadata={"description": "The course before it on every path"})
    nationalTest = fields.Boolean(required=True, attribute="national_test")


class StudyPathSchema(Schema):
    """A study path and its courses in order."""

    path = fields.Integer(required=True)
    courses = fields.List(fields.String(), required=True)


class SfiCourseListSchema(Schema):
    """SFI courses and study paths."""

    data = fields.List(fields.Nested(SfiCourseSchema), required=True)
    paths = fields.List(fields.Nested(StudyPathSchema), required=True)
    pageToken = fields.String(allow_none=True)
