"""HTTP handlers for SFI courses."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.courses import queries
from services.sfi_schedule.courses.schemas import SfiCourseListSchema, SfiCourseSchema
from shared.db import DB_POOL
from shared.etag import json_response
from shared.openapi import Endpoint

_courses = SfiCourseSchema(many=True)


async def list_courses(request: web.Request) -> web.Response:
    """SFI courses A–D with their study paths."""
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.list_courses(conn)
    courses = [dict(r) for r in rows]
    for before, course in zip([None, *courses], courses, strict=False):
        course["previous"] = before["code"] if before else None
    paths = sorted({p for c in courses for p in c["paths"]})
    body = {
        "data": _courses.dump(courses),
        "paths": [{"path": p, "courses": [c["code"] for c in courses if p in c["paths"]]} for p in paths],
        "pageToken": None,
    }
    return json_response(request, body, headers={"Cache-Control": "public, max-age=300"})


ENDPOINTS = [
    Endpoint(
        "GET",
        "/v1/courses",
        list_courses,
        "List SFI courses and study paths",
        "listSfiCourses",
        tags=("courses",),
        response=SfiCourseListSchema,
        public=True,
        errors=(),
    ),
]
