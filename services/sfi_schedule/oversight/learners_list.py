"""The SFI administrators' list of learners: filters for course, study path, waiting since, at risk, placement.

"At risk" is the rule of the at-risk list (``queries.START_BY``/``NOT_STARTED`` and the configured days), the
course is that of the learner's active entry (else the course they read now), "waiting since" the queue time of
a wait-list place or open offer.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg
from marshmallow import Schema, validate

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.oversight.queries import NOT_STARTED, START_BY
from services.sfi_schedule.wire import Page, PageQuerySchema, cut, jsonable
from shared import fields
from shared.identity import Identity
from shared.pagination import PageRequest

COURSES = ("A", "B", "C", "D")


class LearnerListQuerySchema(PageQuerySchema):
    """Filters of the learner list; each one left out does not filter."""

    course = fields.String(load_default=None, validate=validate.OneOf(COURSES))
    path = fields.Integer(load_default=None, validate=validate.OneOf((1, 2, 3)))
    waitingSince = fields.Date(load_default=None, metadata={"description": "waiting since this day or earlier"})
    atRisk = fields.Boolean(load_default=None, metadata={"description": "at risk of the start guarantee (or not)"})
    placement = fields.Boolean(load_default=None, metadata={"description": "placed in a course by mapping (or not)"})


class LearnerRowSchema(Schema):
    """A learner as the list shows them."""

    learnerId = fields.UUID(required=True)
    name = fields.String(required=True)
    protectedIdentity = fields.Boolean(required=True)
    path = fields.Integer(allow_none=True)
    course = fields.String(allow_none=True)
    status = fields.String(allow_none=True, metadata={"enum": ["enrolled", "waitlisted", "offered", None]})
    groupId = fields.UUID(allow_none=True)
    groupName = fields.String(allow_none=True)
    waitingSince = fields.Date(allow_none=True)
    startBy = fields.Date(allow_none=True)
    atRisk = fields.Boolean(required=True)
    placementCourse = fields.String(allow_none=True)


class LearnerListSchema(Schema):
    """A page of learners by name."""

    data = fields.List(fields.Nested(LearnerRowSchema), required=True)
    pageToken = fields.String(allow_none=True)


LIST_SQL = f"""
SELECT * FROM (
    SELECT l.id, l.display_name, l.protected_identity, l.path, l.placement_course,
           coalesce(a.course_code, l.current_course) AS course, a.status, a.group_id, p.name AS group_name,
           CASE WHEN a.status IN ('waitlisted', 'offered') THEN (a.queued_at AT TIME ZONE 'Europe/Stockholm')::date
           END AS waiting_since,
           CASE WHEN l.right_arose_on IS NOT NULL THEN {START_BY} END AS start_by,
           coalesce({NOT_STARTED} AND {START_BY} - $3::int <= $4::date, false) AS at_risk
    FROM sfi.learners l
    LEFT JOIN LATERAL (SELECT e.course_code, e.status, e.group_id, e.queued_at FROM sfi.enrolments e
                       WHERE e.learner_id = l.id AND e.status IN ('enrolled', 'waitlisted', 'offered')
                       ORDER BY e.queue_seq DESC LIMIT 1) a ON true
    LEFT JOIN sfi.published_groups p ON p.group_id = a.group_id
) x
WHERE ($5::text IS NULL OR x.course = $5) AND ($6::int IS NULL OR x.path = $6)
  AND ($7::date IS NULL OR x.waiting_since <= $7) AND ($8::boolean IS NULL OR x.at_risk = $8)
  AND ($9::boolean IS NULL OR (x.placement_course IS NOT NULL) = $9)
  AND ($10::text IS NULL OR (x.display_name, x.id) > ($10::text, $11::uuid))
ORDER BY x.display_name, x.id LIMIT $12
"""  # noqa: S608 - only the module's own SQL fragments are formatted in


async def learner_list(
    pool: asyncpg.Pool, *, identity: Identity, query: dict[str, Any], page: PageRequest, config: SfiConfig,
    today: date,
) -> Page:  # fmt: skip
    """A page of learners matching the filters, by name (SFI administrators)."""
    identity.require_role("sfi_admin")
    after_name, after_id = (page.after[0], UUID(page.after[1])) if page.after else (None, None)
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            LIST_SQL, config.start_deadline_months, config.establishment_deadline_months, config.at_risk_days, today,
            query["course"], query["path"], query["waitingSince"], query["atRisk"], query["placement"],
            after_name, after_id, page.limit + 1,
        )  # fmt: skip
    shown = cut(rows, page, key=lambda r: [r["display_name"], r["id"]])
    items = [
        jsonable({
            "learnerId": r["id"], "name": r["display_name"], "protectedIdentity": r["protected_identity"],
            "path": r["path"], "course": r["course"], "status": r["status"], "groupId": r["group_id"],
            "groupName": r["group_name"], "waitingSince": r["waiting_since"], "startBy": r["start_by"],
            "atRisk": r["at_risk"], "placementCourse": r["placement_course"],
        })
        for r in shown.items
    ]  # fmt: skip
    return Page(items, shown.last)
