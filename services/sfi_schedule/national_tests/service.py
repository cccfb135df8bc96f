"""National test versions (SFI administrators) and sittings (staff): each checked by ``rules.national_tests``."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin.common import Once, ensure_version, found, run_create
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.domain import path_reason
from services.sfi_schedule.learners.service import READERS
from services.sfi_schedule.national_tests import queries
from services.sfi_schedule.national_tests.schemas import NationalTestSchema, SittingSchema
from services.sfi_schedule.rules.national_tests import sitting_error, version_errors
from services.sfi_schedule.wire import Page, cut, slice_after
from shared.body import schema_instance
from shared.db import transaction
from shared.errors import Conflict, FieldError, ValidationFailed
from shared.identity import Identity
from shared.pagination import PageRequest


def _checked(data: dict[str, Any]) -> None:
    errors = version_errors(course=data["course_code"], first_day=data["first_day"], last_day=data["last_day"])
    if errors:
        raise ValidationFailed(errors)


def test_json(row: Any) -> dict[str, Any]:
    """The API representation of a test version."""
    return schema_instance(NationalTestSchema).dump(dict(row))


async def create_test(pool: asyncpg.Pool, *, data: dict[str, Any], once: Once) -> tuple[int, dict[str, Any]]:
    """Add a test version once per Idempotency-Key (409 when the course already has one of that name)."""
    _checked(data)
    async with transaction(pool) as conn:

        async def work() -> dict[str, Any]:
            try:
                async with conn.transaction():
                    return test_json(await queries.insert_test(conn, id=uuid.uuid4(), d=data))
            except asyncpg.UniqueViolationError:
                raise Conflict(f"Course {data['course_code']} already has a test version {data['name']!r}") from None

        outcome = await run_create(conn, once, work)
    return outcome.status, outcome.body


async def replace_test(pool: asyncpg.Pool, *, test_id: UUID, data: dict[str, Any], if_match: str | None) -> dict:
    """Correct a test version under If-Match; its new window must still hold every sitting recorded in it."""
    _checked(data)
    async with transaction(pool) as conn:
        current = found(await queries.get_test(conn, id=test_id, lock=True), "national test")
        ensure_version(if_match, current["version"])
        outside = await queries.sittings_outside(
            conn, test_id=test_id, first_day=data["first_day"], last_day=data["last_day"]
        )
        if outside:
            raise ValidationFailed.field("/firstDay", f"{outside} sittings recorded in this test fall outside the days")
        try:
            async with conn.transaction():
                return test_json(await queries.update_test(conn, id=test_id, d=data))
        except asyncpg.UniqueViolationError:
            raise Conflict(f"Course {data['course_code']} already has a test version {data['name']!r}") from None


async def get_test(pool: asyncpg.Pool, *, test_id: UUID) -> dict[str, Any]:
    """One test version."""
    async with pool.acquire() as conn:
        return test_json(found(await queries.get_test(conn, id=test_id), "national test"))


async def list_tests(pool: asyncpg.Pool, *, course: str | None, page: PageRequest) -> Page:
    """A page of test versions by first day."""
    after = (date.fromisoformat(page.after[0]), UUID(page.after[1])) if page.after else None
    async with pool.acquire() as conn:
        rows = await queries.list_tests(conn, course=course, after=after, limit=page.limit + 1)
    shown = cut(rows, page, key=lambda r: [r["first_day"].isoformat(), r["id"]])
    return Page([test_json(r) for r in shown.items], shown.last)


async def record_sitting(
    pool: asyncpg.Pool, *, learner_id: UUID, data: dict[str, Any], by: Identity, today: date
) -> dict[str, Any]:
    """Record that a learner sat a test version: on a day of its window, in a course of the learner's path."""
    by.require_role(*READERS)
    async with transaction(pool) as conn:
        learner = found(await learners.by_id(conn, learner_id=learner_id), "learner")
        test = await queries.get_test(conn, id=data["test_id"])
        if test is None:
            raise ValidationFailed.field("/testId", "no such national test")
        errors: list[FieldError] = []
        if path_reason(learner["path"], test["course_code"]) is not None:
            errors.append(FieldError("/testId", f"course {test['course_code']} is not on the learner's study path"))
        when = sitting_error(first_day=test["first_day"], last_day=test["last_day"], sat_on=data["sat_on"],
                             today=today)  # fmt: skip
        errors.extend([when] if when else [])
        if errors:
            raise ValidationFailed(errors)
        try:
            async with conn.transaction():
                row = await queries.insert_sitting(
                    conn, id=uuid.uuid4(), learner_id=learner_id, test_id=test["id"], sat_on=data["sat_on"],
                    recorded_by=by.sub,
                )  # fmt: skip
        except asyncpg.UniqueViolationError:
            raise Conflict(f"The learner's sitting of {test['name']!r} is recorded already") from None
    return schema_instance(SittingSchema).dump(dict(row))


async def sittings(pool: asyncpg.Pool, *, learner_id: UUID, by: Identity, page: PageRequest) -> Page:
    """A page of the national tests a learner sat, by day."""
    by.require_role(*READERS)
    async with pool.acquire() as conn:
        found(await learners.by_id(conn, learner_id=learner_id), "learner")
        rows = await queries.sittings_of(conn, learner_id=learner_id)
    items = [schema_instance(SittingSchema).dump(dict(r)) for r in rows]
    return slice_after(items, lambda s: [s["satOn"], s["id"]], page)
