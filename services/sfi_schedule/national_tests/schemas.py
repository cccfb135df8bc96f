"""Schemas of national test versions and sittings (camelCase on the wire)."""

from __future__ import annotations

from marshmallow import Schema, validate

from services.sfi_schedule.wire import PageQuerySchema
from shared import fields


class NationalTestSchema(Schema):
    """A national test version: its course (B, C or D) and the first and last day it may be given."""

    id = fields.UUID(dump_only=True)
    course = fields.String(required=True, attribute="course_code", validate=validate.OneOf(("A", "B", "C", "D")))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"example": "Nationellt prov kurs C, ht 2026"})  # fmt: skip
    firstDay = fields.Date(required=True, attribute="first_day")
    lastDay = fields.Date(required=True, attribute="last_day")
    version = fields.Integer(dump_only=True)
    createdAt = fields.DateTime(dump_only=True, attribute="created_at")
    updatedAt = fields.DateTime(dump_only=True, attribute="updated_at")


class NationalTestQuerySchema(PageQuerySchema):
    """Filters of the test versions."""

    course = fields.String(load_default=None, validate=validate.OneOf(("B", "C", "D")))


class NationalTestListSchema(Schema):
    """A page of test versions by first day."""

    data = fields.List(fields.Nested(NationalTestSchema), required=True)
    pageToken = fields.String(allow_none=True)


class SittingSchema(Schema):
    """A learner sat a national test version on a day within its window."""

    id = fields.UUID(dump_only=True)
    testId = fields.UUID(required=True, attribute="test_id")
    satOn = fields.Date(required=True, attribute="sat_on")
    course = fields.String(dump_only=True, attribute="course_code")
    name = fields.String(dump_only=True)
    recordedAt = fields.DateTime(dump_only=True, attribute="recorded_at")


class SittingListSchema(Schema):
    """Every sitting of a learner, by day."""

    data = fields.List(fields.Nested(SittingSchema), required=True)
    pageToken = fields.String(allow_none=True)
