"""Draft group writes: every save takes the schedule lock, runs the rules and the double-booking check."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin.common import Once, ensure_version, found, run_create
from services.sfi_schedule.admin.queries import lock_schedule
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.groups import plans, queries
from services.sfi_schedule.groups.checks import check_save
from services.sfi_schedule.groups.schemas import DraftGroupSchema, SlotSchema
from services.sfi_schedule.rules.conflicts import conflicts_among
from services.sfi_schedule.wire import Page, slice_after
from shared.db import transaction
from shared.pagination import PageRequest

_group = DraftGroupSchema()
_slots = SlotSchema(many=True)
MAX_CONFLICTS = 50  # per group, as in a refused save's 409


def group_json(row: Any, slots: list[Any]) -> dict[str, Any]:
    """The API representation of a draft group."""
    body = _group.dump({**dict(row), "slots": []})
    body["slots"] = _slots.dump(
        [{"weekday": s["weekday"], "start": s["start_time"], "end": s["end_time"], "interval": s["week_interval"]}
         for s in slots]
    )  # fmt: skip
    return body


async def read_group(conn: asyncpg.Connection, group_id: UUID) -> dict[str, Any]:
    """A live draft group as JSON, or 404."""
    row = found(await queries.get_group(conn, id=group_id), "group")
    return group_json(row, await queries.slots_of(conn, group_ids=[group_id]))


async def get_group(pool: asyncpg.Pool, group_id: UUID) -> dict[str, Any]:
    """A live draft group as JSON, or 404."""
    async with pool.acquire() as conn:
        return await read_group(conn, group_id)


async def _write(conn: asyncpg.Connection, config: SfiConfig, group_id: UUID, data: dict, *, new: bool) -> dict:
    exceptions = [] if new else await queries.exceptions_of(conn, group_ids=[group_id])
    venue = await check_save(conn, config, group_id=group_id, data=data, exceptions=exceptions)
    data = {**data, "provider_id": venue["provider_id"]}
    if new:
        await queries.insert_group(conn, id=group_id, d=data)
    else:
        await queries.update_group(conn, id=group_id, d=data)
    await queries.replace_slots(conn, group_id=group_id, slots=data["slots"])
    return await read_group(conn, group_id)


async def create_group(
    pool: asyncpg.Pool, config: SfiConfig, data: dict[str, Any], *, once: Once
) -> tuple[int, dict[str, Any]]:
    """Create a draft group once per Idempotency-Key."""
    async with transaction(pool) as conn:
        await lock_schedule(conn)
        outcome = await run_create(conn, once, lambda: _write(conn, config, uuid.uuid4(), data, new=True))
    return outcome.status, outcome.body


async def replace_group(
    pool: asyncpg.Pool, config: SfiConfig, group_id: UUID, data: dict[str, Any], *, if_match: str | None
) -> dict[str, Any]:
    """Replace a draft group whose version the caller names in If-Match."""
    async with transaction(pool) as conn:
        await lock_schedule(conn)
        current = found(await queries.get_group(conn, id=group_id, lock=True), "group")
        ensure_version(if_match, current["version"])
        return await _write(conn, config, group_id, data, new=False)


async def delete_group(pool: asyncpg.Pool, group_id: UUID, *, if_match: str | None) -> None:
    """Tombstone a draft group; the next publication removes it from the published schedule."""
    async with transaction(pool) as conn:
        await lock_schedule(conn)
        current = found(await queries.get_group(conn, id=group_id, lock=True), "group")
        ensure_version(if_match, current["version"])
        await queries.soft_delete_group(conn, id=group_id)


async def list_groups(pool: asyncpg.Pool, *, after: UUID | None, limit: int) -> list[dict[str, Any]]:
    """A page of live draft groups."""
    async with pool.acquire() as conn:
        rows = await queries.list_groups(conn, after=after, limit=limit)
        slots = await queries.slots_of(conn, group_ids=[r["id"] for r in rows])
    by_group: dict[UUID, list[Any]] = {}
    for s in slots:
        by_group.setdefault(s["group_id"], []).append(s)
    return [group_json(r, by_group.get(r["id"], [])) for r in rows]


async def list_conflicts(pool: asyncpg.Pool, *, page: PageRequest) -> Page:
    """Every live draft group that now collides with another, with its clashes as a refused save names them.

    Recomputed on each read from one consistent snapshot: five queries whatever the number of groups.
    """
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        loaded = await plans.load(conn, await queries.all_live_groups(conn))
    # A year of sessions for every group is CPU work (about a second for a large municipality): done in a
    # worker thread, so this replica's event loop keeps answering public requests meanwhile.
    clashes = await asyncio.get_running_loop().run_in_executor(None, lambda: conflicts_among(plans.booked(loaded)))
    order = sorted(clashes, key=lambda gid: (str(loaded[gid].row["name"]), str(gid)))
    shown = slice_after(order, lambda gid: [str(loaded[gid].row["name"]), str(gid)], page)
    items = [
        {
            "groupId": str(gid),
            "conflictCount": len(clashes[gid]),
            "conflicts": [c.as_json() for c in clashes[gid][:MAX_CONFLICTS]],
        }
        for gid in shown.items
    ]
    return Page(items, shown.last)
