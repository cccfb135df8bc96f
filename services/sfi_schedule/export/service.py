"""The SS 12000 export's service functions: read one consistent snapshot, build, filter and find items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.export import queries
from services.sfi_schedule.export.access import Access
from services.sfi_schedule.export.config import Ss12000Config
from services.sfi_schedule.export.deleted import deletions
from services.sfi_schedule.export.filters import Item
from services.sfi_schedule.export.resources import RESOURCES, Session, listed, sessions
from services.sfi_schedule.export.schedule import calendar_event, occurrences
from services.sfi_schedule.export.sources import Options, Sources
from shared.errors import Forbidden, NotFound

STAFF_ONLY = "Persons and duties are for administrators, teachers and systems that read the schedule"


async def _load(pool: asyncpg.Pool, config: Ss12000Config, options: Options, *, schedule: bool) -> Sources:
    """Everything an answer may refer to, read in one repeatable-read snapshot (small tables; the published
    groups only when the answer is about the schedule; learners only for callers who may see them)."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        src = Sources(config, options, providers=await queries.providers(conn), venues=await queries.venues(conn),
                      rooms=await queries.rooms(conn), teachers=await queries.teachers(conn),
                      courses=await queries.courses(conn))  # fmt: skip
        if schedule:
            src.published = await queries.published(conn)
        if options.access.learners:
            src.learners = await queries.learners(conn, civic_numbers=options.access.civic_numbers)
            src.memberships = await queries.memberships(conn)
    return src


def _resource(name: str, options: Options):
    resource = RESOURCES[name]
    if resource.staff_only and not options.access.staff:
        raise Forbidden(STAFF_ONLY)
    return resource


async def list_items(pool: asyncpg.Pool, config: Ss12000Config, *, name: str, q: dict[str, Any],
                     options: Options) -> list[Item]:  # fmt: skip
    """Every item of list ``name`` that passes the asked filters."""
    resource = _resource(name, options)
    src = await _load(pool, config, options, schedule=resource.schedule)
    return listed(resource, src, q)


async def get_item(pool: asyncpg.Pool, config: Ss12000Config, *, name: str, id: UUID, options: Options) -> Item:
    """One item of list ``name``; 404 when there is none the caller may see."""
    resource = _resource(name, options)
    src = await _load(pool, config, options, schedule=resource.schedule)
    found = next((i for i in resource.build(src) if i["id"] == str(id)), None)
    if found is None:
        raise NotFound(f"No {resource.entity} with id {id}")
    return found


async def list_events(
    pool: asyncpg.Pool, config: Ss12000Config, *, q: dict[str, Any], options: Options
) -> tuple[list[Session], Callable[[Session], Item]]:
    """The sessions in the asked start window that pass the other filters, and how to build one into an event
    (only the page's sessions are built: a year of a municipality's sessions is thousands)."""
    src = await _load(pool, config, options, schedule=True)
    return sessions(src, q), lambda s: calendar_event(src, *s)


async def get_event(pool: asyncpg.Pool, config: Ss12000Config, *, id: UUID, options: Options) -> Item:
    """One calendar event by its occurrence id (every published session is expanded to find it)."""
    src = await _load(pool, config, options, schedule=True)
    found = next(((r, o) for r in src.published for o in occurrences(r, None) if o.id == id), None)
    if found is None:
        raise NotFound(f"No CalendarEvent with id {id}")
    return calendar_event(src, *found)


async def list_deletions(pool: asyncpg.Pool, *, q: dict[str, Any], access: Access) -> list[Item]:
    """Deletions after ``q["after"]`` of the asked entity types, as ``{id, entity, at}``."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        tombstones = await queries.tombstones(conn, after=q.get("after"))
        replaced = await queries.replaced_schedules(conn, after=q.get("after"))
    wanted = q.get("entities")
    return [d for d in deletions(tombstones, replaced, access) if wanted is None or d["entity"] in wanted]
