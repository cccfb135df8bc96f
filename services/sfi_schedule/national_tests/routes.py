"""Endpoints of national test versions (``/v1/admin/national-tests``) and a learner's sittings."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.admin.common import once_of, require_admin, versioned
from services.sfi_schedule.national_tests import service
from services.sfi_schedule.national_tests.schemas import (
    NationalTestListSchema,
    NationalTestQuerySchema,
    NationalTestSchema,
    SittingListSchema,
    SittingSchema,
)
from services.sfi_schedule.wire import PageQuerySchema, list_response, path_id, tokens
from shared.body import load_body, load_query, schema_instance
from shared.clock import clock_of
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.pagination import page_request


async def list_tests(request: web.Request) -> web.Response:
    """Test versions by first day (anyone signed in as staff: administrators and teachers)."""
    identity_of(request).require_role("sfi_admin", "teacher")
    course = load_query(request, NationalTestQuerySchema)["course"]
    signer = tokens(request, f"sfi.national_tests.{course}")
    page = await service.list_tests(request.app[DB_POOL], course=course, page=page_request(request, signer))
    return list_response(request, signer, page)


async def create_test(request: web.Request) -> web.Response:
    """Add a test version."""
    require_admin(request)
    data = await load_body(request, NationalTestSchema)
    once = once_of(request, schema_instance(NationalTestSchema).dump(data))
    status, body = await service.create_test(request.app[DB_POOL], data=data, once=once)
    return versioned(request, body, status=status)


async def get_test(request: web.Request) -> web.Response:
    """One test version."""
    identity_of(request).require_role("sfi_admin", "teacher")
    return versioned(request, await service.get_test(request.app[DB_POOL], test_id=path_id(request)))


async def replace_test(request: web.Request) -> web.Response:
    """Correct a test version (If-Match)."""
    require_admin(request)
    data = await load_body(request, NationalTestSchema)
    body = await service.replace_test(
        request.app[DB_POOL], test_id=path_id(request), data=data, if_match=request.headers.get("If-Match")
    )
    return versioned(request, body)


async def post_sitting(request: web.Request) -> web.Response:
    """Record that a learner sat a test version (on a day of its window)."""
    data = await load_body(request, SittingSchema)
    body = await service.record_sitting(
        request.app[DB_POOL], learner_id=path_id(request), data=data, by=identity_of(request),
        today=clock_of(request).today(),
    )  # fmt: skip
    return json_response(request, body, status=201)


async def list_sittings(request: web.Request) -> web.Response:
    """The national tests a learner sat."""
    learner = path_id(request)
    signer = tokens(request, f"sfi.sittings.{learner}")
    page = await service.sittings(
        request.app[DB_POOL], learner_id=learner, by=identity_of(request), page=page_request(request, signer)
    )
    return list_response(request, signer, page)


_T = ("national-tests",)
_ONE = "/v1/admin/national-tests/{id}"
ENDPOINTS = [
    Endpoint("GET", "/v1/admin/national-tests", list_tests, "List national test versions", "listNationalTests",
             tags=_T, query=NationalTestQuerySchema, response=NationalTestListSchema, errors=(400, 422)),
    Endpoint("POST", "/v1/admin/national-tests", create_test, "Add a national test version", "createNationalTest",
             tags=_T, body=NationalTestSchema, response=NationalTestSchema, status=201, errors=(400, 409, 415, 422),
             headers=("Idempotency-Key",),
             description="Courses B, C and D only (422 /course for A); lastDay on or after firstDay."),
    Endpoint("GET", _ONE, get_test, "Read a national test version", "getNationalTest", tags=_T,
             response=NationalTestSchema, errors=(404,)),
    Endpoint("PUT", _ONE, replace_test, "Correct a national test version", "replaceNationalTest", tags=_T,
             body=NationalTestSchema, response=NationalTestSchema, errors=(400, 404, 409, 412, 415, 422, 428),
             headers=("If-Match",),
             description="422 /firstDay when sittings recorded in the version would fall outside its new days."),
    Endpoint("POST", "/v1/learners/{id}/national-tests", post_sitting, "Record a national test sitting",
             "postNationalTestSitting", tags=_T, body=SittingSchema, response=SittingSchema, status=201,
             errors=(400, 404, 409, 415, 422),
             description="422 /satOn outside the version's first and last day (or still to come); 422 /testId "
             "for a course not on the learner's study path."),
    Endpoint("GET", "/v1/learners/{id}/national-tests", list_sittings, "A learner's national test sittings",
             "listNationalTestSittings", tags=_T, query=PageQuerySchema, response=SittingListSchema,
             errors=(400, 404, 422)),
]  # fmt: skip
