"""Create, replace and delete reference data in transactions, with idempotent creates and If-Match."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
import marshmallow

from services.sfi_schedule.admin import queries
from services.sfi_schedule.admin.common import Once, ensure_version, found, run_create
from shared.body import schema_instance
from shared.db import transaction
from shared.errors import Conflict, ValidationFailed

Write = Callable[..., Awaitable[asyncpg.Record]]


@dataclass(frozen=True, slots=True)
class Kind:
    """One reference resource: its name, schema, SQL and the references it must point at."""

    name: str
    schema: type[marshmallow.Schema]
    insert: Write
    update: Write
    refs: tuple[tuple[str, str, str], ...] = ()  # (attribute, referenced kind, JSON pointer)


async def _check_refs(conn: asyncpg.Connection, kind: Kind, data: dict[str, Any]) -> None:
    for attribute, ref_kind, ptr in kind.refs:
        if await queries.get(conn, kind=ref_kind, id=data[attribute]) is None:
            raise ValidationFailed.field(ptr, f"no such {ref_kind}")


async def _check_room(conn: asyncpg.Connection, room_id: UUID, data: dict[str, Any]) -> None:
    too_big = await queries.groups_over_seats(conn, room_id=room_id, seats=data["seats"])
    if too_big:
        raise ValidationFailed.field("/seats", f"fewer seats than the capacity of: {', '.join(too_big)}")


def dump(kind: Kind, row: asyncpg.Record) -> dict[str, Any]:
    """The API representation of a row."""
    return schema_instance(kind.schema).dump(dict(row))


async def create(pool: asyncpg.Pool, kind: Kind, data: dict[str, Any], *, once: Once) -> tuple[int, dict[str, Any]]:
    """Create a row once per Idempotency-Key; return status and body."""
    async with transaction(pool) as conn:

        async def work() -> dict[str, Any]:
            await _check_refs(conn, kind, data)
            return dump(kind, await kind.insert(conn, id=uuid.uuid4(), d=data))

        outcome = await run_create(conn, once, work)
    return outcome.status, outcome.body


async def replace(pool: asyncpg.Pool, kind: Kind, *, id: UUID, data: dict[str, Any], if_match: str | None) -> dict:
    """Replace a row whose current version the caller names in If-Match."""
    async with transaction(pool) as conn:
        if kind.name == "room":
            await queries.lock_schedule(conn)  # capacity checks must see every concurrent group save
        current = found(await queries.get(conn, kind=kind.name, id=id, lock=True), kind.name)
        ensure_version(if_match, current["version"])
        await _check_refs(conn, kind, data)
        if kind.name == "room":
            await _check_room(conn, id, data)
        return dump(kind, await kind.update(conn, id=id, d=data))


async def delete(pool: asyncpg.Pool, kind: Kind, *, id: UUID, if_match: str | None) -> None:
    """Soft-delete a row no live group uses."""
    async with transaction(pool) as conn:
        await queries.lock_schedule(conn)
        current = found(await queries.get(conn, kind=kind.name, id=id, lock=True), kind.name)
        ensure_version(if_match, current["version"])
        users = await queries.in_use(conn, kind=kind.name, id=id)
        if users:
            raise Conflict(f"The {kind.name} is used by: {', '.join(users)}", extra={"groups": users})
        await queries.soft_delete(conn, kind=kind.name, id=id)


async def get_one(pool: asyncpg.Pool, kind: Kind, *, id: UUID) -> dict[str, Any]:
    """One live row."""
    async with pool.acquire() as conn:
        return dump(kind, found(await queries.get(conn, kind=kind.name, id=id), kind.name))


async def list_page(pool: asyncpg.Pool, kind: Kind, *, after: UUID | None, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` live rows after ``after`` (by id)."""
    async with pool.acquire() as conn:
        rows = await queries.list_live(conn, kind=kind.name, after=after, limit=limit)
    return [dump(kind, r) for r in rows]
