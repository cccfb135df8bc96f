"""The study duty of learners in the establishment programme: who is below 23 h/week of SFI and placements."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners.profile import windows_of
from services.sfi_schedule.learners.study_duty import STUDY_DUTY_HOURS, study_duty
from services.sfi_schedule.oversight import queries
from services.sfi_schedule.publications.domain import occurrences_of_doc
from services.sfi_schedule.wire import Page, jsonable, slice_after
from shared.identity import Identity
from shared.pagination import PageRequest

READERS = ("sfi_admin", "teacher")


def figure_of(row: Any, *, first: date, weeks: int) -> dict[str, Any]:
    """One learner's study-duty figure: SFI hours and placement hours a week, against the duty."""
    within = (first, first + timedelta(weeks=weeks, days=-1))
    sessions = [o for doc in row["docs"] for o in occurrences_of_doc(doc, within)]
    placements = windows_of(row["placement_windows"]) + tuple(
        w for w in windows_of(row["busy_windows"] or ()) if w.kind == "placement"
    )
    duty = study_duty(sessions, placements, first=first, weeks=weeks)
    return jsonable({
        "learnerId": row["id"], "name": row["display_name"], "from": first, "weeks": weeks,
        "sfiHoursPerWeek": round(duty.sfi_hours / weeks, 2),
        "placementHoursPerWeek": round(duty.placement_hours / weeks, 2),
        "hoursPerWeek": duty.hours_per_week, "required": STUDY_DUTY_HOURS, "met": duty.met,
    })  # fmt: skip


async def study_duty_page(
    pool: asyncpg.Pool,
    *,
    identity: Identity,
    config: SfiConfig,
    today: date,
    met: bool | None,
    learner_id: UUID | None,
    page: PageRequest,
) -> Page:
    """A page of establishment-programme learners by name with their figure (``met`` filters on the duty)."""
    identity.require_role(*READERS)
    async with pool.acquire() as conn:
        rows = await queries.study_duty_learners(conn, learner_id=learner_id)
    figures = [figure_of(r, first=today, weeks=config.study_duty_weeks) for r in rows]
    shown = [f for f in figures if met is None or f["met"] is met]
    return slice_after(shown, lambda f: [f["name"], f["learnerId"]], page)
