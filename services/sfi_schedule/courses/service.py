"""The SFI courses A–D in order, with the study paths they belong to."""

from __future__ import annotations

from typing import Any

import asyncpg

from services.sfi_schedule.courses import queries
from services.sfi_schedule.courses.schemas import SfiCourseSchema
from services.sfi_schedule.rules.messages import course_name
from services.sfi_schedule.wire import Page, slice_after
from shared.body import schema_instance
from shared.pagination import PageRequest


async def courses(pool: asyncpg.Pool, *, page: PageRequest, lang: str) -> Page:
    """A page of the courses in course order (each with the one before it and its name in ``lang``), and every
    study path."""
    async with pool.acquire() as conn:
        rows = await queries.list_courses(conn)
    all_courses = [{**r, "name": course_name(r["code"], lang)} for r in rows]
    for before, course in zip([None, *all_courses], all_courses, strict=False):
        course["previous"] = before["code"] if before else None
    paths = sorted({p for c in all_courses for p in c["paths"]})
    shown = slice_after(all_courses, lambda c: [c["position"]], page)
    study_paths: list[dict[str, Any]] = [
        {"path": p, "courses": [c["code"] for c in all_courses if p in c["paths"]]} for p in paths
    ]
    items = schema_instance(SfiCourseSchema).dump(shown.items, many=True)
    return Page(items, shown.last, {"paths": study_paths})
