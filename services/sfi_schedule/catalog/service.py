"""Public reads of the published schedule: a page of the group list, one group, its dated sessions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin.common import found
from services.sfi_schedule.calendar.model import Occurrence
from services.sfi_schedule.catalog import queries
from services.sfi_schedule.catalog.queries import GroupFilter, ItemPage
from services.sfi_schedule.publications.domain import occurrences_of_doc, plan_of_doc
from services.sfi_schedule.rules.messages import course_name, day_off_json, language_names
from services.sfi_schedule.wire import Page, slice_after
from shared.pagination import PageRequest


async def group_page(pool: asyncpg.Pool, *, f: GroupFilter, after: list | None, limit: int) -> ItemPage:
    """A page of the public group list, its items' JSON built by PostgreSQL."""
    async with pool.acquire() as conn:
        return await queries.find_group_page(conn, f=f, after=after, limit=limit)


async def published_group(pool: asyncpg.Pool, *, group_id: UUID) -> asyncpg.Record:
    """One live published group, or 404."""
    async with pool.acquire() as conn:
        return found(await queries.get_published(conn, group_id=group_id), "published group")


def occurrence_key(occ: Occurrence) -> list[str]:
    """The order of a group's sessions, by start then id, as JSON values (the instant in UTC ISO form)."""
    return [occ.start.astimezone(UTC).isoformat(), str(occ.id)]


async def occurrences(
    pool: asyncpg.Pool, *, group_id: UUID, first: date, last: date, page: PageRequest, lang: str
) -> Page:
    """A page of a published group's sessions from ``first`` to ``last`` (both inclusive), by start, with the days
    of the window that have no session and why (every page: a holiday's or a kind's name in ``lang``)."""
    row = await published_group(pool, group_id=group_id)
    sessions = occurrences_of_doc(row["doc"], (first, last))
    shown = slice_after(sessions, occurrence_key, page)
    _plan, off = plan_of_doc(row["doc"])
    days_off = [day_off_json(d, reason, lang) for d, reason in sorted(off.items()) if first <= d <= last]
    extra = {"timeZone": "Europe/Stockholm", "daysOff": days_off}
    return Page([occurrence_json(o) for o in shown.items], shown.last, extra)


def group_names(doc: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What a published group's codes mean to people, in ``lang``: its course's name and its support languages'."""
    return {
        "courseName": course_name(doc["course"], lang),
        "supportLanguageNames": language_names(doc.get("supportLanguages") or (), lang),
    }


def occurrence_json(occ: Occurrence) -> dict[str, Any]:
    """One occurrence for readers (no teacher ids: who teaches is not public)."""
    return {
        "id": str(occ.id), "groupId": str(occ.group_id), "date": occ.start.date().isoformat(),
        "start": occ.start.isoformat(), "end": occ.end.isoformat(), "originalStart": occ.original_start.isoformat(),
        "status": occ.status, "substituted": occ.substituted, "roomId": str(occ.room_id) if occ.room_id else None,
    }  # fmt: skip
