"""Schemas of the administrators' view: rosters, wait-lists, the allocation log, supply vs demand, at-risk."""

from __future__ import annotations

from marshmallow import Schema

from services.sfi_schedule.wire import PageQuerySchema
from shared import fields


class LogQuerySchema(PageQuerySchema):
    """Filters of the allocation log."""

    groupId = fields.UUID(load_default=None)
    learnerId = fields.UUID(load_default=None)


class RosterEntrySchema(Schema):
    """An enrolled learner; the number masked, a protected identity without contact data."""

    enrolmentId = fields.UUID(required=True)
    learnerId = fields.UUID(required=True)
    enrolledAt = fields.DateTime(allow_none=True)
    name = fields.String(required=True)
    personalNumber = fields.String(allow_none=True, metadata={"description": "Masked: YYYYMMDD-****"})
    protectedIdentity = fields.Boolean(required=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class RosterSchema(Schema):
    """A page of a group's enrolled learners, by name."""

    data = fields.List(fields.Nested(RosterEntrySchema), required=True)
    pageToken = fields.String(allow_none=True)


class WaitlistEntrySchema(Schema):
    """A wait-list entry with its position, or an entry holding an open offer."""

    enrolmentId = fields.UUID(required=True)
    learnerId = fields.UUID(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["waitlisted", "offered"]})
    position = fields.Integer(allow_none=True, metadata={"description": "Place in the wait-list (1 = next)"})
    queuedAt = fields.DateTime(required=True)
    anyGroupThatFits = fields.Boolean(required=True)
    offerId = fields.UUID(allow_none=True)
    offerExpiresAt = fields.DateTime(allow_none=True)


class WaitlistSchema(Schema):
    """A page of a group's wait-list in queue order, then the entries holding an offer."""

    data = fields.List(fields.Nested(WaitlistEntrySchema), required=True)
    pageToken = fields.String(allow_none=True)


class LogEntrySchema(Schema):
    """One seat decision and its reason."""

    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    groupId = fields.UUID(allow_none=True)
    learnerId = fields.UUID(allow_none=True)
    enrolmentId = fields.UUID(allow_none=True)
    offerId = fields.UUID(allow_none=True)
    action = fields.String(required=True)
    reason = fields.String(required=True)
    actor = fields.String(required=True)
    details = fields.Dict(required=True)


class LogSchema(Schema):
    """A page of the allocation log, oldest first."""

    data = fields.List(fields.Nested(LogEntrySchema), required=True)
    pageToken = fields.String(allow_none=True)


class SupplyCellSchema(Schema):
    """Waiting learners against free seats in one course × daypart × venue kind × district."""

    course = fields.String(required=True)
    daypart = fields.String(required=True)
    venueKind = fields.String(required=True)
    district = fields.String(allow_none=True)
    waiting = fields.Integer(required=True)
    freeSeats = fields.Integer(required=True)
    groups = fields.Integer(required=True)
    shortfall = fields.Integer(required=True)


class SupplyDemandSchema(Schema):
    """A page of the cells, most waiting first."""

    data = fields.List(fields.Nested(SupplyCellSchema), required=True)
    pageToken = fields.String(allow_none=True)


class AtRiskLearnerSchema(Schema):
    """A learner close to (or past) the legal start-by date."""

    learnerId = fields.UUID(required=True)
    name = fields.String(required=True)
    rightAroseOn = fields.Date(required=True)
    establishmentProgramme = fields.Boolean(required=True)
    startBy = fields.Date(required=True)
    daysLeft = fields.Integer(required=True)
    overdue = fields.Boolean(required=True)
    flaggedAt = fields.DateTime(allow_none=True)
    waitingFor = fields.List(fields.String(), required=True)


class AtRiskListSchema(Schema):
    """A page of learners within ``withinDays`` of their start-by date, the nearest deadline first."""

    data = fields.List(fields.Nested(AtRiskLearnerSchema), required=True)
    withinDays = fields.Integer(required=True)
    pageToken = fields.String(allow_none=True)
