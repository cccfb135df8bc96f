"""Administrators' endpoints: roster, wait-list, allocation log, supply vs demand, learners at risk."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.oversight import service
from services.sfi_schedule.oversight.learners_list import LearnerListQuerySchema, LearnerListSchema, learner_list
from services.sfi_schedule.oversight.schemas import (
    AtRiskListSchema,
    LogQuerySchema,
    LogSchema,
    RosterSchema,
    StudyDutyListSchema,
    StudyDutyQuerySchema,
    SupplyDemandSchema,
    WaitlistSchema,
)
from services.sfi_schedule.oversight.study_duty import study_duty_page
from services.sfi_schedule.wire import PageQuerySchema, list_response, path_id, tokens
from shared.body import load_query
from shared.clock import clock_of
from shared.db import DB_POOL
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.pagination import page_request


async def get_roster(request: web.Request) -> web.Response:
    """A group's enrolled learners (SFI administrators and teachers); reads of protected identities are audited."""
    group_id = path_id(request)
    signer = tokens(request, f"sfi.roster.{group_id}")
    page = await service.roster(
        request.app[DB_POOL], group_id=group_id, page=page_request(request, signer), identity=identity_of(request)
    )
    return list_response(request, signer, page)


async def get_waitlist(request: web.Request) -> web.Response:
    """A group's wait-list in queue order with positions, and the entries holding an offer."""
    group_id = path_id(request)
    signer = tokens(request, f"sfi.waitlist.{group_id}")
    page = await service.waitlist(
        request.app[DB_POOL], group_id=group_id, page=page_request(request, signer), identity=identity_of(request)
    )
    return list_response(request, signer, page)


async def get_log(request: web.Request) -> web.Response:
    """The allocation log: every seat decision with its reason, oldest first."""
    q = load_query(request, LogQuerySchema)
    signer = tokens(request, "sfi.allocation_log")
    page = await service.allocation_log(
        request.app[DB_POOL], group_id=q.get("groupId"), learner_id=q.get("learnerId"),
        page=page_request(request, signer), identity=identity_of(request),
    )  # fmt: skip
    return list_response(request, signer, page)


async def get_supply_demand(request: web.Request) -> web.Response:
    """Waiting learners against free seats by course × daypart × venue kind × district."""
    signer = tokens(request, "sfi.supply_demand")
    page = await service.supply_demand(
        request.app[DB_POOL], page=page_request(request, signer), identity=identity_of(request)
    )
    return list_response(request, signer, page)


async def get_at_risk(request: web.Request) -> web.Response:
    """Learners not started within the configured days of their legal start-by date (or past it)."""
    signer = tokens(request, "sfi.at_risk")
    page = await service.at_risk(
        request.app[DB_POOL], page=page_request(request, signer), identity=identity_of(request),
        config=request.app[CONFIG], today=clock_of(request).today(),
    )  # fmt: skip
    return list_response(request, signer, page)


async def get_study_duty(request: web.Request) -> web.Response:
    """Learners in the establishment programme and their hours a week against the 23 h study duty."""
    query = load_query(request, StudyDutyQuerySchema)
    signer = tokens(request, f"sfi.study_duty.{query['met']}.{query['learnerId']}")
    page = await study_duty_page(
        request.app[DB_POOL], identity=identity_of(request), config=request.app[CONFIG],
        today=clock_of(request).today(), met=query["met"], learner_id=query["learnerId"],
        page=page_request(request, signer),
    )  # fmt: skip
    return list_response(request, signer, page)


async def get_learners(request: web.Request) -> web.Response:
    """The learners by name, filtered by course, study path, waiting since, at risk and placement."""
    query = load_query(request, LearnerListQuerySchema)
    scope = ".".join(str(query[k]) for k in ("course", "path", "waitingSince", "atRisk", "placement"))
    signer = tokens(request, f"sfi.learners.{scope}")
    page = await learner_list(
        request.app[DB_POOL], identity=identity_of(request), query=query, page=page_request(request, signer),
        config=request.app[CONFIG], today=clock_of(request).today(),
    )  # fmt: skip
    return list_response(request, signer, page)


_T = ("enrolment-admin",)
_Q = PageQuerySchema
ENDPOINTS = [
    Endpoint("GET", "/v1/admin/groups/{id}/roster", get_roster, "Roster of a group", "getGroupRoster", tags=_T,
             query=_Q, response=RosterSchema, errors=(400, 404, 422)),
    Endpoint("GET", "/v1/admin/groups/{id}/waitlist", get_waitlist, "Wait-list of a group with positions",
             "getGroupWaitlist", tags=_T, query=_Q, response=WaitlistSchema, errors=(400, 404, 422)),
    Endpoint("GET", "/v1/admin/allocation-log", get_log, "The allocation log", "getAllocationLog", tags=_T,
             query=LogQuerySchema, response=LogSchema, errors=(400, 422)),
    Endpoint("GET", "/v1/admin/supply-demand", get_supply_demand, "Waiting learners vs free seats",
             "getSupplyDemand", tags=_T, query=_Q, response=SupplyDemandSchema, errors=(400, 422)),
    Endpoint("GET", "/v1/admin/study-duty", get_study_duty, "The establishment programme's study duty",
             "getStudyDuty", tags=_T, query=StudyDutyQuerySchema, response=StudyDutyListSchema, errors=(400, 422),
             description="Hours a week of SFI and placements (agreed, and busy windows of kind placement) averaged "
             "over LOTSEN_SFI_STUDY_DUTY_WEEKS from today, against 23 h/week; met=false lists those below."),
    Endpoint("GET", "/v1/admin/learners", get_learners, "Learners with filters", "listLearners", tags=_T,
             query=LearnerListQuerySchema, response=LearnerListSchema, errors=(400, 403, 422),
             description="By name; course (of the active entry, else the current course), path, waitingSince "
             "(a wait-list place or offer queued on or before the day), atRisk (the at-risk list's rule), "
             "placement (placed in a course by mapping)."),
    Endpoint("GET", "/v1/admin/at-risk", get_at_risk, "Learners at risk of missing the start guarantee",
             "getAtRisk", tags=_T, query=_Q, response=AtRiskListSchema, errors=(400, 422)),
]  # fmt: skip
