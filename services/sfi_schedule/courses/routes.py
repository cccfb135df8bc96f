"""HTTP handlers for SFI courses."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.courses import service
from services.sfi_schedule.courses.schemas import SfiCourseListSchema
from services.sfi_schedule.rules.messages import language_of
from services.sfi_schedule.wire import PageQuerySchema, list_response, spoken, tokens
from shared.db import DB_POOL
from shared.openapi import Endpoint
from shared.pagination import page_request


async def list_courses(request: web.Request) -> web.Response:
    """SFI courses A–D with their study paths."""
    signer = tokens(request, "sfi.courses")
    lang = language_of(request.headers.get("Accept-Language"))
    page = await service.courses(request.app[DB_POOL], page=page_request(request, signer), lang=lang)
    return list_response(request, signer, page, headers={"Cache-Control": "public, max-age=300", **spoken(lang)})


ENDPOINTS = [
    Endpoint(
        "GET",
        "/v1/courses",
        list_courses,
        "List SFI courses and study paths",
        "listSfiCourses",
        tags=("courses",),
        query=PageQuerySchema,
        response=SfiCourseListSchema,
        public=True,
        errors=(400, 422),
    ),
]
