"""HTTP handlers of learner profiles and placements (results are recorded by enrolment: they end an enrolment)."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.learners import service
from services.sfi_schedule.learners.schemas import LearnerProfileSchema, PlacementSchema
from services.sfi_schedule.wire import jsonable, path_id
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
    body = await service.my_profile(request.app[DB_POOL], subject=identity.sub, config=request.app[CONFIG])
    return _profile_response(request, body)


async def put_me(request: web.Request) -> web.Response:
    """Create (201) or replace (200, If-Match) the caller's learner profile."""
    identity = identity_of(request)
    identity.require_role("resident")
    data = await load_body(request, LearnerProfileSchema)
    status, body = await service.put_my_profile(
        request.app[DB_POOL], subject=identity.sub, data=data, if_match=request.headers.get("If-Match"),
        config=request.app[CONFIG],
    )  # fmt: skip
    return _profile_response(request, body, status)


async def get_learner(request: web.Request) -> web.Response:
    """Any learner's profile (SFI administrators and teachers; protected identities without contact data)."""
    body = await service.read_learner(
        request.app[DB_POOL], learner_id=path_id(request), reader=identity_of(request),
        config=request.app[CONFIG],
    )  # fmt: skip
    return _profile_response(request, body)


async def put_placement(request: web.Request) -> web.Response:
    """Record the course a mapping placed the learner in."""
    data = await load_body(request, PlacementSchema)
    body = await service.set_placement(
        request.app[DB_POOL], learner_id=path_id(request), course=data["course"], decided_on=data["decidedOn"],
        by=identity_of(request), config=request.app[CONFIG],
    )  # fmt: skip
    return _profile_response(request, body)


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
]  # fmt: skip
