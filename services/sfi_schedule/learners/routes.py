"""HTTP handlers of learner profiles, placements and results."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.enrolment.config import ENROLMENT_CONFIG
from services.sfi_schedule.enrolment.wire import jsonable, path_uuid
from services.sfi_schedule.learners import results, service
from services.sfi_schedule.learners.schemas import LearnerProfileSchema, PlacementSchema, ResultSchema
from shared.body import load_body
from shared.db import DB_POOL
from shared.etag import etag_of_version, json_response
from shared.identity import identity_of
from shared.openapi import Endpoint


def _profile_response(request: web.Request, body: dict, status: int = 200) -> web.Response:
    return json_response(request, jsonable(body), status=status, etag=etag_of_version(body["version"]))


async def get_me(request: web.Request) -> web.Response:
    """The caller's own learner profile."""
    identity = identity_of(request)
    identity.require_role("resident")
    body = await service.my_profile(request.app[DB_POOL], subject=identity.sub, config=request.app[ENROLMENT_CONFIG])
    return _profile_response(request, body)


async def put_me(request: web.Request) -> web.Response:
    """Create (201) or replace (200, If-Match) the caller's learner profile."""
    identity = identity_of(request)
    identity.require_role("resident")
    data = await load_body(request, LearnerProfileSchema)
    status, body = await service.put_my_profile(
        request.app[DB_POOL], subject=identity.sub, data=data, if_match=request.headers.get("If-Match"),
        config=request.app[ENROLMENT_CONFIG],
    )  # fmt: skip
    return _profile_response(request, body, status)


async def get_learner(request: web.Request) -> web.Response:
    """Any learner's profile (SFI administrators and teachers; protected identities without contact data)."""
    body = await service.read_learner(
        request.app[DB_POOL], learner_id=path_uuid(request), reader=identity_of(request),
        config=request.app[ENROLMENT_CONFIG],
    )  # fmt: skip
    return _profile_response(request, body)


async def put_placement(request: web.Request) -> web.Response:
    """Record the course a mapping placed the learner in."""
    data = await load_body(request, PlacementSchema)
    body = await service.set_placement(
        request.app[DB_POOL], learner_id=path_uuid(request), course=data["course"], decided_on=data["decidedOn"],
        by=identity_of(request), config=request.app[ENROLMENT_CONFIG],
    )  # fmt: skip
    return _profile_response(request, body)


async def post_result(request: web.Request) -> web.Response:
    """Record G or IG for a finished course."""
    data = await load_body(request, ResultSchema)
    body = await results.record_result(
        request.app[DB_POOL], learner_id=path_uuid(request), data=data, by=identity_of(request),
        config=request.app[ENROLMENT_CONFIG],
    )  # fmt: skip
    return json_response(request, body, status=201)


_T = ("learners",)
ENDPOINTS = [
    Endpoint("GET", "/v1/learners/me", get_me, "My SFI learner profile", "getMyLearnerProfile", tags=_T,
             response=LearnerProfileSchema, errors=(404,)),
    Endpoint("PUT", "/v1/learners/me", put_me, "Create or replace my SFI learner profile", "putMyLearnerProfile",
             tags=_T, body=LearnerProfileSchema, response=LearnerProfileSchema, errors=(400, 412, 415, 422, 428),
             headers=("If-Match",), extra_responses={201: "Created"}),
    Endpoint("GET", "/v1/learners/{id}", get_learner, "Read a learner (administrators)", "getLearner", tags=_T,
             response=LearnerProfileSchema, errors=(404,)),
    Endpoint("PUT", "/v1/learners/{id}/placement", put_placement, "Record a placement by mapping",
             "putLearnerPlacement", tags=_T, body=PlacementSchema, response=LearnerProfileSchema,
             errors=(400, 404, 415, 422)),
    Endpoint("POST", "/v1/learners/{id}/results", post_result, "Record G or IG for a finished course",
             "postLearnerResult", tags=_T, body=ResultSchema, response=ResultSchema, status=201,
             errors=(400, 404, 415, 422)),
]  # fmt: skip
