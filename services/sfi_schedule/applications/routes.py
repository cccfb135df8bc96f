"""HTTP handlers of SFI applications without e-ID: submit, follow with the code, list, place, reject."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.applications import service
from services.sfi_schedule.applications.schemas import (
    SfiApplicationCreateSchema,
    SfiApplicationListSchema,
    SfiApplicationSchema,
    SfiListQuerySchema,
    SfiPlacementRequestSchema,
    SfiRejectionSchema,
)
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.wire import list_response, tokens
from shared.body import load_body, load_query
from shared.clock import clock_of
from shared.db import DB_POOL
from shared.etag import etag_of_version, json_response
from shared.idempotency import idempotency_key
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.pagination import page_request
from shared.tracking import TRACKING_HEADER

PRIVATE = {"Cache-Control": "private, no-store"}
BASE = "/v1/enrolment-applications"


def _answer(request: web.Request, body: dict, *, status: int = 200, replayed: bool = False) -> web.Response:
    headers = {**PRIVATE, "Location": f"{BASE}/{body['reference']}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(request, body, status=status, etag=etag_of_version(body["version"]), headers=headers)


async def submit(request: web.Request) -> web.Response:
    """Apply for SFI without signing in."""
    key = idempotency_key(request)
    data = await load_body(request, SfiApplicationCreateSchema)
    outcome = await service.submit(
        request.app[DB_POOL], identity=identity_of(request), data=data, key=key, today=clock_of(request).today()
    )
    return _answer(request, outcome.body, status=201, replayed=outcome.replayed)


async def read(request: web.Request) -> web.Response:
    """An application's status, for the holder of its tracking code or an SFI administrator."""
    body = await service.read(
        request.app[DB_POOL], reference=request.match_info["reference"], identity=identity_of(request),
        tracking_code=request.headers.get(TRACKING_HEADER),
    )  # fmt: skip
    return _answer(request, body)


async def list_applications(request: web.Request) -> web.Response:
    """Applications waiting for an identity check (or placed, or rejected)."""
    query = load_query(request, SfiListQuerySchema)
    signer = tokens(request, f"sfi.enrolment-applications.{query['state']}")
    page = await service.waiting(
        request.app[DB_POOL], identity=identity_of(request), state=query["state"], page=page_request(request, signer)
    )
    return list_response(request, signer, page, headers=PRIVATE)


async def place(request: web.Request) -> web.Response:
    """Record the identity check and enrol the applicant in a group (or on its wait-list)."""
    key = idempotency_key(request)
    data = await load_body(request, SfiPlacementRequestSchema)
    outcome = await service.place(
        request.app[DB_POOL], reference=request.match_info["reference"], identity=identity_of(request), data=data,
        key=key, config=request.app[CONFIG], today=clock_of(request).today(),
        accept_language=request.headers.get("Accept-Language"),
    )  # fmt: skip
    return _answer(request, outcome.body, status=201, replayed=outcome.replayed)


async def reject(request: web.Request) -> web.Response:
    """Close a waiting application without a place."""
    data = await load_body(request, SfiRejectionSchema)
    body = await service.reject(
        request.app[DB_POOL], reference=request.match_info["reference"], identity=identity_of(request),
        reason=data["reason"],
    )  # fmt: skip
    return _answer(request, body)


_T = ("enrolment-applications",)
ENDPOINTS = [
    Endpoint("POST", BASE, submit, "Apply for SFI without signing in", "submitSfiApplication", tags=_T,
             body=SfiApplicationCreateSchema, response=SfiApplicationSchema, status=201, errors=(400, 415, 422, 429),
             headers=("Idempotency-Key",), anonymous=True,
             description="No e-ID needed. The answer carries the reference and a tracking code, shown only in this "
             "first answer; a retry with the same Idempotency-Key answers with the same reference and no code "
             "(the code first given keeps working). Follow it with GET …/{reference} and X-Tracking-Code."),
    Endpoint("GET", BASE, list_applications, "Applications waiting for an identity check", "listSfiApplications",
             tags=_T, query=SfiListQuerySchema, response=SfiApplicationListSchema, errors=(400, 422),
             description="SFI administrators only; oldest first. A protected identity's contact data is left out."),
    Endpoint("GET", BASE + "/{reference}", read, "Follow an SFI application", "getSfiApplication", tags=_T,
             response=SfiApplicationSchema, errors=(401, 404, 429), headers=(TRACKING_HEADER,), anonymous=True,
             description="With the tracking code in X-Tracking-Code: state and outcome. An SFI administrator sees "
             "all of it. A wrong code and an unknown reference are the same 404."),
    Endpoint("POST", BASE + "/{reference}/placement", place, "Place an application after an identity check",
             "placeSfiApplication", tags=_T, body=SfiPlacementRequestSchema, response=SfiApplicationSchema, status=201,
             errors=(400, 404, 409, 415, 422), headers=("Idempotency-Key",),
             description="SFI administrators only, after checking the person's identity in person. Enrols the "
             "person in the group, or puts them on its wait-list, by the enrolment service's own rules (a refusal "
             "is the same 409/422 with reasons, and nothing is written). The personal number, if the person has "
             "one, goes to the learner record (shown masked, never logged)."),
    Endpoint("POST", BASE + "/{reference}/rejection", reject, "Close an application without a place",
             "rejectSfiApplication", tags=_T, body=SfiRejectionSchema, response=SfiApplicationSchema,
             errors=(400, 404, 409, 415, 422)),
]  # fmt: skip
