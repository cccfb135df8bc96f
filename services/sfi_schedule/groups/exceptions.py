"""Per-occurrence exceptions: cancel, move, substitute teacher or room — checked like any schedule save."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin import queries as ref
from services.sfi_schedule.admin.common import Once, ensure_version, found, run_create
from services.sfi_schedule.admin.queries import lock_schedule
from services.sfi_schedule.calendar.expand import expand, occurrence_id, unmatched_changes
from services.sfi_schedule.calendar.model import as_local
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.groups import plans, queries
from services.sfi_schedule.groups.checks import check_double_booking, teachers_of
from services.sfi_schedule.groups.schemas import ExceptionSchema
from services.sfi_schedule.rules.domain import OPEN_PRESCHOOL_VARIANT, check_substitutes
from services.sfi_schedule.wire import Page, slice_after
from shared.db import transaction
from shared.errors import Conflict, ValidationFailed
from shared.pagination import PageRequest

_schema = ExceptionSchema()


def _wall(value: datetime | None) -> datetime | None:
    """Stored form: naive Europe/Stockholm wall time."""
    return None if value is None else as_local(value).replace(tzinfo=None)


def exception_json(row: Any) -> dict[str, Any]:
    """The API representation: local times with their offset, and the stable occurrence id."""
    data = dict(row)
    for key in ("original_start", "new_start", "new_end"):
        data[key] = as_local(data[key]) if data[key] else None
    data["occurrence_id"] = occurrence_id(data["group_id"], data["original_start"])
    return _schema.dump(data)


async def _check(conn: asyncpg.Connection, config: SfiConfig, group: Any, data: dict, replacing: UUID | None) -> None:
    loaded = (await plans.load(conn, [group]))[group["id"]]
    others = [e for e in loaded.exceptions if e["id"] != replacing]
    clash = [e for e in others if e["original_start"] == data["original_start"]]
    if clash:
        raise Conflict(
            "This occurrence already has an exception; replace that one", extra={"exceptionId": str(clash[0]["id"])}
        )
    if data.get("room_id") and await ref.get(conn, kind="room", id=data["room_id"]) is None:
        raise ValidationFailed.field("/roomId", "no such room")
    if data.get("teacher_ids") is not None:
        day = (data.get("new_start") or data["original_start"]).date()
        errors = check_substitutes(
            data["teacher_ids"], teachers=await teachers_of(conn, list(data["teacher_ids"])),
            open_preschool=group["variant"] == OPEN_PRESCHOOL_VARIANT, on=day, config=config,
        )  # fmt: skip
        if errors:
            raise ValidationFailed(errors)
    plan = plans.plan_of(dict(group), loaded.slots, [*others, data])
    if unmatched_changes(plan, loaded.days_off):
        raise ValidationFailed.field("/originalStart", "the group has no session starting then")
    await check_double_booking(conn, group_id=group["id"], occurrences=expand(plan, loaded.days_off), plan=plan)


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, **{k: _wall(data.get(k)) for k in ("original_start", "new_start", "new_end")}}


def request_payload(data: dict[str, Any]) -> dict[str, Any]:
    """What an exception request asks for, as its idempotency fingerprint sees it (wall times normalised)."""
    return _schema.dump(_normalised(data))


async def create_exception(
    pool: asyncpg.Pool, config: SfiConfig, group_id: UUID, data: dict[str, Any], *, once: Once
) -> tuple[int, dict]:
    """Add an exception to one occurrence (once per Idempotency-Key)."""
    data = _normalised(data)
    async with transaction(pool) as conn:
        await lock_schedule(conn)
        group = found(await queries.get_group(conn, id=group_id, lock=True), "group")

        async def work() -> dict[str, Any]:
            await _check(conn, config, group, data, None)
            new_id = uuid.uuid4()
            await queries.insert_exception(conn, id=new_id, group_id=group_id, d=data)
            await queries.touch_group(conn, id=group_id)
            return exception_json(await queries.get_exception(conn, group_id=group_id, id=new_id))

        outcome = await run_create(conn, once, work)
    return outcome.status, outcome.body


async def replace_exception(
    pool: asyncpg.Pool, config: SfiConfig, group_id: UUID, exception_id: UUID, data: dict, *, if_match: str | None
) -> dict:
    """Replace an exception whose version the caller names in If-Match."""
    data = _normalised(data)
    async with transaction(pool) as conn:
        await lock_schedule(conn)
        group = found(await queries.get_group(conn, id=group_id, lock=True), "group")
        current = found(await queries.get_exception(conn, group_id=group_id, id=exception_id), "exception")
        ensure_version(if_match, current["version"])
        await _check(conn, config, group, data, exception_id)
        await queries.update_exception(conn, id=exception_id, d=data)
        await queries.touch_group(conn, id=group_id)
        return exception_json(await queries.get_exception(conn, group_id=group_id, id=exception_id))


async def delete_exception(pool: asyncpg.Pool, group_id: UUID, exception_id: UUID, *, if_match: str | None) -> None:
    """Remove an exception; the occurrence follows the pattern again (re-checked for double-booking)."""
    async with transaction(pool) as conn:
        await lock_schedule(conn)
        group = found(await queries.get_group(conn, id=group_id, lock=True), "group")
        current = found(await queries.get_exception(conn, group_id=group_id, id=exception_id), "exception")
        ensure_version(if_match, current["version"])
        await queries.soft_delete_exception(conn, id=exception_id)
        loaded = (await plans.load(conn, [group]))[group_id]
        await check_double_booking(conn, group_id=group_id, occurrences=loaded.occurrences(), plan=loaded.plan)
        await queries.touch_group(conn, id=group_id)


async def list_exceptions(pool: asyncpg.Pool, group_id: UUID, *, page: PageRequest) -> Page:
    """A page of the live exceptions of a draft group, by original start."""
    async with pool.acquire() as conn:
        found(await queries.get_group(conn, id=group_id), "group")
        rows = await queries.exceptions_of(conn, group_ids=[group_id])
    shown = slice_after(rows, lambda r: [r["original_start"].isoformat(), str(r["id"])], page)
    return Page([exception_json(r) for r in shown.items], shown.last)
