"""Marshmallow schemas of a match request and its ranked answer."""

from __future__ import annotations

from marshmallow import Schema, validate

from services.sfi_schedule.learners.schemas import COURSES, LANGUAGE, _Constraints
from shared import fields


class MatchConstraintsSchema(_Constraints):
    """A learner's constraints given in the request instead of the stored profile."""

    path = fields.Integer(load_default=None, allow_none=True, validate=validate.OneOf((1, 2, 3)))


class MatchRequestSchema(Schema):
    """Find groups: give constraints, or leave them out to use the signed-in resident's stored profile."""

    course = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(COURSES),
        metadata={"description": "Defaults to the next course of the stored profile"},
    )  # fmt: skip
    constraints = fields.Nested(MatchConstraintsSchema, load_default=None, allow_none=True)
    language = fields.String(load_default=None, allow_none=True, validate=LANGUAGE)


class ReasonSchema(Schema):
    """A reason as a message key, its parameters and the text in the answer's language."""

    key = fields.String(required=True, metadata={"example": "why_not.collides.work"})
    params = fields.Dict(required=True)
    text = fields.String(required=True, metadata={"example": "collides with your shift Tue 14:00–22:00"})


class MatchSchema(Schema):
    """A group that fits, with its score and why."""

    groupId = fields.UUID(required=True)
    name = fields.String(required=True)
    score = fields.Integer(required=True)
    summary = fields.String(required=True, metadata={"example": "evening, Tue and Thu 18:00–21:00, 2 km away"})
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)
    variant = fields.String(required=True)
    venueKind = fields.String(required=True)
    freeSeats = fields.Integer(required=True)
    waiting = fields.Integer(required=True)
    nextStart = fields.DateTime(allow_none=True, metadata={"description": "The next session (continuous intake)"})
    expectedWaitWeeks = fields.Integer(allow_none=True, metadata={"description": "0 with a free seat; null unknown"})


class NearMissSchema(MatchSchema):
    """A group of the learner's course that does not fit, and why not."""

    whyNot = fields.List(fields.Nested(ReasonSchema), required=True)


class MatchResultSchema(Schema):
    """A page of the groups that fit, best first, and on the first page the near misses."""

    data = fields.List(fields.Nested(MatchSchema), required=True)
    course = fields.String(allow_none=True)
    language = fields.String(required=True)
    nearMisses = fields.List(
        fields.Nested(NearMissSchema), required=True, metadata={"description": "On the first page only"}
    )
    pageToken = fields.String(allow_none=True)
