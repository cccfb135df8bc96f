"""Administrators' endpoints: roster, wait-list, allocation log, supply vs demand, learners at risk."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web
from marshmallow import Schema, validate

from services.sfi_schedule.enrolment.config import ENROLMENT_CONFIG
from services.sfi_schedule.enrolment.wire import jsonable, path_uuid
from services.sfi_schedule.oversight import queries
from shared import fields
from shared.body import load_query
from shared.db import DB_POOL, transaction
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET, identity_of
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request
from shared.personnummer import mask

PROTECTED = "skyddad identitet"


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
    """Learners within ``withinDays`` of their start-by date."""

    data = fields.List(fields.Nested(AtRiskLearnerSchema), required=True)
    withinDays = fields.Integer(required=True)
    pageToken = fields.String(allow_none=True)


class RosterSchema(Schema):
    """Enrolled learners; numbers masked; protected identities without contact data."""

    data = fields.List(fields.Dict(), required=True)
    pageToken = fields.String(allow_none=True)


class LogQuerySchema(Schema):
    """Filters of the allocation log."""

    groupId = fields.UUID(load_default=None)
    learnerId = fields.UUID(load_default=None)
    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()


def _roster_entry(r: Any) -> dict[str, Any]:
    protected = r["protected_identity"]
    return {
        "enrolmentId": r["enrolment_id"], "learnerId": r["learner_id"], "enrolledAt": r["enrolled_at"],
        "name": r["display_name"], "personalNumber": mask(r["personal_number"]), "protectedIdentity": protected,
        "email": None if protected else r["email"], "phone": None if protected else r["phone"],
    }  # fmt: skip


async def get_roster(request: web.Request) -> web.Response:
    """A group's enrolled learners (SFI administrators and teachers); reads of protected identities are audited."""
    identity = identity_of(request)
    identity.require_role("sfi_admin", "teacher")
    async with transaction(request.app[DB_POOL]) as conn:
        rows = await queries.roster(conn, group_id=path_uuid(request))
        for r in rows:
            if r["protected_identity"]:
                await conn.execute(
                    "INSERT INTO sfi.learner_reads (learner_id, reader, purpose) VALUES ($1, $2, 'group roster')",
                    r["learner_id"],
                    identity.sub,
                )
    return json_response(request, jsonable({"data": [_roster_entry(r) for r in rows], "pageToken": None}))


async def get_waitlist(request: web.Request) -> web.Response:
    """A group's wait-list in queue order with positions, and the entries holding an offer."""
    identity_of(request).require_role("sfi_admin")
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.waitlist(conn, group_id=path_uuid(request))
    data = [
        {"enrolmentId": r["enrolment_id"], "learnerId": r["learner_id"], "name": r["display_name"],
         "status": r["status"], "position": r["position"], "queuedAt": r["queued_at"],
         "anyGroupThatFits": r["any_fit"], "offerId": r["offer_id"], "offerExpiresAt": r["expires_at"]}
        for r in rows
    ]  # fmt: skip
    return json_response(request, jsonable({"data": data, "pageToken": None}))


async def get_log(request: web.Request) -> web.Response:
    """The allocation log: every seat decision with its reason, oldest first."""
    identity_of(request).require_role("sfi_admin", "auditor")
    q = load_query(request, LogQuerySchema)
    tokens = PageTokens(request.app[INTERNAL_SECRET], "sfi.allocation_log")
    page = page_request(request, tokens)
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.allocation_log(
            conn, group_id=q.get("groupId"), learner_id=q.get("learnerId"),
            after=int(page.after[0]) if page.after else None, limit=page.limit + 1,
        )  # fmt: skip
    rows, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["id"]])
    data = [
        {"id": r["id"], "at": r["at"], "groupId": r["group_id"], "learnerId": r["learner_id"],
         "enrolmentId": r["enrolment_id"], "offerId": r["offer_id"], "action": r["action"], "reason": r["reason"],
         "actor": r["actor"], "details": r["details"]}
        for r in rows
    ]  # fmt: skip
    return json_response(request, jsonable({"data": data, "pageToken": token}), headers=headers)


async def get_supply_demand(request: web.Request) -> web.Response:
    """Waiting learners against free seats by course × daypart × venue kind × district."""
    identity_of(request).require_role("sfi_admin")
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.supply_demand(conn)
    data = [
        {"course": r["course_code"], "daypart": r["daypart"], "venueKind": r["venue_kind"],
         "district": r["district"] or None, "waiting": r["waiting"], "freeSeats": r["free_seats"],
         "groups": r["groups"], "shortfall": max(0, r["waiting"] - r["free_seats"])}
        for r in rows
    ]  # fmt: skip
    return json_response(request, {"data": data, "pageToken": None})


async def get_at_risk(request: web.Request) -> web.Response:
    """Learners not started within the configured days of their legal start-by date (or past it)."""
    identity_of(request).require_role("sfi_admin")
    config = request.app[ENROLMENT_CONFIG]
    today = date.today()
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.at_risk(
            conn, months=config.start_deadline_months, establishment_months=config.establishment_deadline_months,
            days=config.at_risk_days, today=today,
        )  # fmt: skip
    data = [
        {"learnerId": r["id"], "name": r["display_name"], "rightAroseOn": r["right_arose_on"],
         "establishmentProgramme": r["establishment_programme"], "startBy": r["start_by"],
         "daysLeft": (r["start_by"] - today).days, "overdue": r["start_by"] < today,
         "flaggedAt": r["at_risk_flagged_at"], "waitingFor": list(r["waiting_for"] or [])}
        for r in rows
    ]  # fmt: skip
    return json_response(request, jsonable({"data": data, "withinDays": config.at_risk_days, "pageToken": None}))


_T = ("enrolment-admin",)
ENDPOINTS = [
    Endpoint("GET", "/v1/admin/groups/{id}/roster", get_roster, "Roster of a group", "getGroupRoster", tags=_T,
             response=RosterSchema, errors=(404,)),
    Endpoint("GET", "/v1/admin/groups/{id}/waitlist", get_waitlist, "Wait-list of a group with positions",
             "getGroupWaitlist", tags=_T, response=RosterSchema, errors=(404,)),
    Endpoint("GET", "/v1/admin/allocation-log", get_log, "The allocation log", "getAllocationLog", tags=_T,
             query=LogQuerySchema, response=RosterSchema, errors=(400, 422)),
    Endpoint("GET", "/v1/admin/supply-demand", get_supply_demand, "Waiting learners vs free seats",
             "getSupplyDemand", tags=_T, response=RosterSchema, errors=()),
    Endpoint("GET", "/v1/admin/at-risk", get_at_risk, "Learners at risk of missing the start guarantee",
             "getAtRisk", tags=_T, response=AtRiskListSchema, errors=()),
]  # fmt: skip
