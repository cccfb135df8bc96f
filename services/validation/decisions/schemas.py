"""Schemas of a decision request."""

from __future__ import annotations

from marshmallow import Schema, validate

from services.validation.decisions.domain import OUTCOMES
from shared import fields


class CourseOutcomeSchema(Schema):
    """The outcome for one required course."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))


class DecisionCreateSchema(Schema):
    """A decision: an outcome for every required course of the case's package."""

    courses = fields.List(fields.Nested(CourseOutcomeSchema), required=True, validate=validate.Length(min=1, max=60))
    note = fields.String(allow_none=True, validate=validate.Length(max=4000))
