"""Course results: G or IG per finished course; it completes the enrolment, and a pass opens the next course."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment import queries as enrolments
from services.sfi_schedule.enrolment.service import end_entry
from services.sfi_schedule.learners import queries
from services.sfi_schedule.learners.domain import next_course
from services.sfi_schedule.learners.profile import standing_of
from services.sfi_schedule.learners.service import READERS
from services.sfi_schedule.wire import jsonable
from shared.db import transaction
from shared.errors import NotFound
from shared.identity import Identity


async def record_result(
    pool: asyncpg.Pool, *, learner_id: UUID, data: dict[str, Any], by: Identity, config: SfiConfig
) -> dict[str, Any]:
    """Record the grade; the learner's active enrolment in the course is completed and its seat offered on."""
    by.require_role(*READERS)
    async with transaction(pool) as conn:
        learner = await queries.by_id(conn, learner_id=learner_id)
        if learner is None:
            raise NotFound("No such learner")
        active = await enrolments.active_in_course(conn, learner_id=learner_id, course=data["course"])
        if active is not None:
            reason = f"course {data['course']} finished with {data['grade']}"
            await end_entry(conn, active, status="completed", reason=reason, actor=by.sub, config=config)
        values = {**data, "decided_on": data.get("decidedOn") or date.today(), "group_id": data.get("groupId")}
        if values["group_id"] is None and active is not None:
            values["group_id"] = active["group_id"]
        row = await queries.insert_result(conn, result_id=uuid4(), learner_id=learner_id, d=values, recorded_by=by.sub)
        standing = standing_of(learner, await queries.results_of(conn, learner_id=learner_id))
    return jsonable(
        {
            "id": row["id"], "course": row["course_code"], "grade": row["grade"], "decidedOn": row["decided_on"],
            "groupId": row["group_id"], "recordedAt": row["recorded_at"], "nextCourse": next_course(standing),
        }
    )  # fmt: skip
