"""Marshmallow schemas of enrolment requests, enrolments and offers."""

from __future__ import annotations

from marshmallow import Schema, validate

from services.sfi_schedule.matching.schemas import ReasonSchema
from shared import fields


class EnrolRequestSchema(Schema):
    """Enrol in a group; the body may be empty for a learner enrolling themself."""

    learnerId = fields.UUID(
        load_default=None, allow_none=True,
        metadata={"description": "Only SFI administrators and systems with enrolment:write enrol on behalf of others"},
    )  # fmt: skip
    alternatives = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=10))
    anyGroupThatFits = fields.Boolean(load_default=False)


class AlternativesSchema(Schema):
    """Ranked other groups of the same course, and whether any group that fits will do."""

    alternatives = fields.List(fields.UUID(), required=True, validate=validate.Length(max=10))
    anyGroupThatFits = fields.Boolean(load_default=False)


class MoveSchema(Schema):
    """Move a wait-list entry to another group of the same course, keeping the original queue time."""

    groupId = fields.UUID(required=True)


class OfferSchema(Schema):
    """A seat offered to the first in line, valid until ``expiresAt``."""

    id = fields.UUID(required=True)
    enrolmentId = fields.UUID(required=True)
    groupId = fields.UUID(required=True)
    groupName = fields.String(allow_none=True)
    status = fields.String(required=True, metadata={"enum": ["open", "accepted", "declined", "expired", "cancelled"]})
    offeredAt = fields.DateTime(required=True)
    expiresAt = fields.DateTime(required=True)
    decidedAt = fields.DateTime(allow_none=True)


class EnrolmentSchema(Schema):
    """An enrolment or a wait-list entry with its position."""

    id = fields.UUID(required=True)
    learnerId = fields.UUID(required=True)
    groupId = fields.UUID(required=True)
    groupName = fields.String(allow_none=True)
    course = fields.String(required=True)
    status = fields.String(
        required=True,
        metadata={"enum": ["enrolled", "waitlisted", "offered", "withdrawn", "declined", "expired", "completed"]},
    )
    position = fields.Integer(allow_none=True, metadata={"description": "Place in the wait-list (1 = next)"})
    queuedAt = fields.DateTime(required=True, metadata={"description": "Original queue time, kept when moving"})
    alternatives = fields.List(fields.UUID(), required=True)
    anyGroupThatFits = fields.Boolean(required=True)
    enrolledAt = fields.DateTime(allow_none=True)
    endedAt = fields.DateTime(allow_none=True)
    offer = fields.Nested(OfferSchema, allow_none=True)


class MyEnrolmentsSchema(Schema):
    """The caller's enrolments, wait-list places and open offers."""

    data = fields.List(fields.Nested(EnrolmentSchema), required=True)
    offers = fields.List(fields.Nested(OfferSchema), required=True)
    pageToken = fields.String(allow_none=True)


class EligibilityQuerySchema(Schema):
    """Whom to ask about: the caller's own profile, or (administrators) a named learner."""

    learnerId = fields.UUID(load_default=None)


class ActiveEntrySchema(Schema):
    """The learner's active entry in the group's course, which a second enrolment would collide with."""

    enrolmentId = fields.UUID(required=True)
    groupId = fields.UUID(required=True)
    groupName = fields.String(allow_none=True)
    status = fields.String(required=True, metadata={"enum": ["enrolled", "waitlisted", "offered"]})


class EligibilitySchema(Schema):
    """May the learner enrol in (or join the wait-list of) the group now; if not, every reason why."""

    groupId = fields.UUID(required=True)
    learnerId = fields.UUID(allow_none=True)
    eligible = fields.Boolean(required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)
    active = fields.Nested(ActiveEntrySchema, allow_none=True)
    language = fields.String(required=True, metadata={"enum": ["sv", "en", "ar"]})
