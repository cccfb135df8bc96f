"""Schemas of workflow requests: transitions, assessment bookings and assignment."""

from __future__ import annotations

from marshmallow import Schema, validate

from services.validation.workflow.domain import STATES
from shared import fields

TEXT = validate.Length(min=1, max=200)


class AssessmentSchema(Schema):
    """The practical assessment: when, where (not the applicant's own workplace) and by whom."""

    date = fields.Date(required=True)
    place = fields.String(required=True, validate=TEXT)
    assessor = fields.String(required=True, validate=TEXT)


class TransitionSchema(Schema):
    """Move a case to another state."""

    to = fields.String(required=True, validate=validate.OneOf(STATES))
    reason = fields.String(validate=validate.Length(max=2000), allow_none=True)
    assessment = fields.Nested(AssessmentSchema, metadata={"description": "Required for assessment_scheduled"})


class AssignmentSchema(Schema):
    """Assign a case to a caseworker (null to unassign)."""

    assignee = fields.String(required=True, allow_none=True, validate=validate.Length(min=1, max=200))
