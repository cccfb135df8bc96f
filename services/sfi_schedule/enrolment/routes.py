"""HTTP handlers of enrolment, wait-list moves, offers, course results and the learner's own overview."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.enrolment import eligibility, mine, moves, offers, results, service
from services.sfi_schedule.enrolment.schemas import (
    AlternativesSchema,
    EligibilityQuerySchema,
    EligibilitySchema,
    EnrolmentSchema,
    EnrolRequestSchema,
    MoveSchema,
    MyEnrolmentsSchema,
)
from services.sfi_schedule.learners.schemas import ResultSchema
from services.sfi_schedule.wire import PageQuerySchema, list_response, path_id, tokens
from shared.body import load_body, load_query, schema_instance
from shared.clock import clock_of
from shared.db import DB_POOL
from shared.etag import json_response
from shared.idempotency import idempotency_key, request_fingerprint
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.pagination import page_request


async def enrol(request: web.Request) -> web.Response:
    """Enrol in a published group, or join its wait-list."""
    group_id = path_id(request)
    identity = identity_of(request)
    key = idempotency_key(request)
    if request.can_read_body:
        data = await load_body(request, EnrolRequestSchema)
    else:
        data = schema_instance(EnrolRequestSchema).load({})
    outcome = await service.enrol(
        request.app[DB_POOL], group_id=group_id, identity=identity, data=data, key=key,
        fingerprint=request_fingerprint("POST", request.path, identity.sub, data), config=request.app[CONFIG],
        today=clock_of(request).today(), accept_language=request.headers.get("Accept-Language"),
    )  # fmt: skip
    headers = {"Location": f"/v1/enrolments/{outcome.body['id']}"}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(request, outcome.body, status=outcome.status, headers=headers)


async def get_eligibility(request: web.Request) -> web.Response:
    """May the caller (or, for administrators, a named learner) enrol in the group now, and if not, why."""
    query = load_query(request, EligibilityQuerySchema)
    body = await eligibility.eligibility(
        request.app[DB_POOL], group_id=path_id(request), identity=identity_of(request), learner_id=query["learnerId"],
        config=request.app[CONFIG], today=clock_of(request).today(),
        accept_language=request.headers.get("Accept-Language"),
    )  # fmt: skip
    return json_response(request, body)


async def get_enrolment(request: web.Request) -> web.Response:
    """One enrolment."""
    body = await service.get_enrolment(
        request.app[DB_POOL], enrolment_id=path_id(request), identity=identity_of(request)
    )
    return json_response(request, body)


async def withdraw(request: web.Request) -> web.Response:
    """Leave the group or wait-list; a freed seat is offered to the first in line."""
    body = await service.withdraw(
        request.app[DB_POOL], enrolment_id=path_id(request), identity=identity_of(request),
        config=request.app[CONFIG], today=clock_of(request).today(),
    )  # fmt: skip
    return json_response(request, body)


async def put_alternatives(request: web.Request) -> web.Response:
    """Set ranked alternative groups and "any group that fits me"."""
    data = await load_body(request, AlternativesSchema)
    body = await moves.set_alternatives(
        request.app[DB_POOL], enrolment_id=path_id(request), identity=identity_of(request), data=data,
        config=request.app[CONFIG],
    )  # fmt: skip
    return json_response(request, body)


async def move(request: web.Request) -> web.Response:
    """Move a wait-list entry to another group, keeping the original queue time."""
    data = await load_body(request, MoveSchema)
    body = await moves.move(
        request.app[DB_POOL], enrolment_id=path_id(request), identity=identity_of(request),
        group_id=data["groupId"], config=request.app[CONFIG], today=clock_of(request).today(),
        accept_language=request.headers.get("Accept-Language"),
    )  # fmt: skip
    return json_response(request, body)


async def accept(request: web.Request) -> web.Response:
    """Accept an offered seat."""
    body = await offers.accept(
        request.app[DB_POOL], offer_id=path_id(request), identity=identity_of(request), config=request.app[CONFIG],
        today=clock_of(request).today(), accept_language=request.headers.get("Accept-Language"),
    )  # fmt: skip
    return json_response(request, body)


async def decline(request: web.Request) -> web.Response:
    """Decline an offered seat; it passes to the next in line."""
    body = await offers.decline(
        request.app[DB_POOL], offer_id=path_id(request), identity=identity_of(request),
        config=request.app[CONFIG], today=clock_of(request).today(),
    )  # fmt: skip
    return json_response(request, body)


async def my_enrolments(request: web.Request) -> web.Response:
    """The caller's enrolments, wait-list positions and open offers."""
    signer = tokens(request, f"sfi.me.enrolments.{identity_of(request).sub}")
    page = await mine.my_enrolments(
        request.app[DB_POOL], identity=identity_of(request), page=page_request(request, signer)
    )
    return list_response(request, signer, page)


async def post_result(request: web.Request) -> web.Response:
    """Record G or IG for a finished course; the learner's enrolment in it is completed."""
    data = await load_body(request, ResultSchema)
    body = await results.record_result(
        request.app[DB_POOL], learner_id=path_id(request), data=data, by=identity_of(request),
        config=request.app[CONFIG], today=clock_of(request).today(),
    )  # fmt: skip
    return json_response(request, body, status=201)


_T = ("enrolment",)
_E = (400, 404, 409, 415, 422)
ENDPOINTS = [
    Endpoint("POST", "/v1/groups/{id}/enrolments", enrol, "Enrol in a group or join its wait-list", "enrol",
             tags=_T, body=EnrolRequestSchema, response=EnrolmentSchema, status=201, errors=_E,
             headers=("Idempotency-Key",),
             description="201 with status enrolled while a seat is free, else waitlisted with a position. "
             "422 names a missing prerequisite (/course); 409 a second active enrolment in the course."),
    Endpoint("GET", "/v1/groups/{id}/eligibility", get_eligibility, "May I enrol in this group, and if not why",
             "getEnrolmentEligibility", tags=_T, query=EligibilityQuerySchema, response=EligibilitySchema,
             errors=(400, 401, 403, 404, 422),
             description="The checks of an enrolment without taking a seat: the learner's profile, a group that "
             "has ended, an active entry in the course (``active``), the rules of matching and agreed work "
             "placements. ``reasons`` in the request's Accept-Language, else the learner's preferred language."),
    Endpoint("GET", "/v1/enrolments/{id}", get_enrolment, "Read an enrolment", "getEnrolment", tags=_T,
             response=EnrolmentSchema, errors=(404,)),
    Endpoint("POST", "/v1/enrolments/{id}/withdraw", withdraw, "Withdraw from a group or wait-list",
             "withdrawEnrolment", tags=_T, response=EnrolmentSchema, errors=(404, 409)),
    Endpoint("PUT", "/v1/enrolments/{id}/alternatives", put_alternatives, "Set ranked alternatives",
             "setEnrolmentAlternatives", tags=_T, body=AlternativesSchema, response=EnrolmentSchema, errors=_E),
    Endpoint("POST", "/v1/enrolments/{id}/move", move, "Move to another group keeping the queue time",
             "moveEnrolment", tags=_T, body=MoveSchema, response=EnrolmentSchema, errors=_E),
    Endpoint("POST", "/v1/offers/{id}/accept", accept, "Accept an offered seat", "acceptOffer", tags=_T,
             response=EnrolmentSchema, errors=(404, 409)),
    Endpoint("POST", "/v1/offers/{id}/decline", decline, "Decline an offered seat", "declineOffer", tags=_T,
             response=EnrolmentSchema, errors=(404, 409)),
    Endpoint("GET", "/v1/me/enrolments", my_enrolments, "My enrolments, wait-list places and offers",
             "myEnrolments", tags=_T, query=PageQuerySchema, response=MyEnrolmentsSchema, errors=(400, 422)),
    Endpoint("POST", "/v1/learners/{id}/results", post_result, "Record G or IG for a finished course",
             "postLearnerResult", tags=("learners",), body=ResultSchema, response=ResultSchema, status=201,
             errors=(400, 404, 415, 422)),
]  # fmt: skip
