"""Workplaces and placement offers: register, replace, read and list them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from services.sfi_schedule.admin.common import ensure_version, found
from services.sfi_schedule.calendar.model import TZ
from services.sfi_schedule.placements import queries
from services.sfi_schedule.placements.access import contact_of, is_contact, is_staff, require_manager, signed_in
from services.sfi_schedule.placements.domain import hours_errors, period_errors, stored_hours, workplace_errors
from services.sfi_schedule.placements.views import placement_view, workplace_view
from shared.db import transaction
from shared.errors import FieldError, ValidationFailed
from shared.idempotency import Outcome, run_once
from shared.identity import Identity


def today() -> date:
    """Today in Sweden."""
    return datetime.now(TZ).date()


async def create_once(
    pool: asyncpg.Pool, identity: Identity, key: str | None, fingerprint: str,
    work: Callable[[asyncpg.Connection], Awaitable[dict[str, Any]]],
) -> Outcome:  # fmt: skip
    """Run a create in one transaction under its ``Idempotency-Key`` (a retry gets the first answer)."""
    async with transaction(pool) as conn:

        async def wrapped() -> Outcome:
            return Outcome(201, await work(conn))

        consumer = identity.consumer or identity.sub
        return await run_once(conn, schema="sfi", consumer=consumer, key=key, fingerprint=fingerprint, work=wrapped)
    raise AssertionError("unreachable")  # pragma: no cover


async def _workplace_columns(conn: asyncpg.Connection, data: dict[str, Any]) -> dict[str, Any]:
    """Row values of a workplace body; at an SFI venue the venue's address fills what was left out."""
    errors = workplace_errors(sector=data["sector"], needs_registerkontroll=data["needsRegisterkontroll"])
    place: dict[str, Any] = {}
    if data.get("venueId") is not None:
        venue = await queries.venue(conn, id=data["venueId"])
        if venue is None:
            errors.append(FieldError("/venueId", "no such SFI venue"))
        else:
            place = dict(venue)
    if errors:
        raise ValidationFailed(errors)
    contact = data["contact"]
    api = {"street": "street", "postalCode": "postal_code", "city": "city", "district": "district",
           "latitude": "latitude", "longitude": "longitude"}  # fmt: skip
    where = {col: data.get(key) if data.get(key) is not None else place.get(col) for key, col in api.items()}
    return {
        "name": data["name"], "employer_kind": data["employerKind"], "sector": data["sector"],
        "organisation": data["organisation"], "venue_id": data.get("venueId"), **where,
        "contact_name": contact["name"], "contact_email": contact.get("email"), "contact_phone": contact.get("phone"),
        "contact_subject": contact.get("subject"), "needs_registerkontroll": data["needsRegisterkontroll"],
    }  # fmt: skip


async def create_workplace(
    pool: asyncpg.Pool, *, identity: Identity, data: dict[str, Any], key: str | None, fingerprint: str
) -> Outcome:
    """Register a workplace (SFI administrators)."""
    require_manager(identity)

    async def work(conn: asyncpg.Connection) -> dict[str, Any]:
        wid = uuid4()
        await queries.insert_workplace(conn, id=wid, d=await _workplace_columns(conn, data))
        return workplace_view(await queries.get_workplace(conn, id=wid), staff=True)

    return await create_once(pool, identity, key, fingerprint, work)


async def replace_workplace(
    pool: asyncpg.Pool, *, identity: Identity, workplace_id: UUID, data: dict[str, Any], if_match: str | None
) -> dict[str, Any]:
    """Replace a workplace under ``If-Match``."""
    require_manager(identity)
    async with transaction(pool) as conn:
        row = found(await queries.get_workplace(conn, id=workplace_id, lock=True), "workplace")
        ensure_version(if_match, row["version"])
        await queries.update_workplace(conn, id=workplace_id, d=await _workplace_columns(conn, data))
        return workplace_view(await queries.get_workplace(conn, id=workplace_id), staff=True)


async def get_workplace(pool: asyncpg.Pool, *, identity: Identity, workplace_id: UUID) -> dict[str, Any]:
    """One workplace, for staff and its own contact person."""
    signed_in(identity)
    contact = contact_of(identity)
    async with pool.acquire() as conn:
        row = await queries.get_workplace(conn, id=workplace_id)
    if row is None or (contact is not None and row["contact_subject"] != contact):
        found(None, "workplace")
    return workplace_view(row, staff=is_staff(identity))


async def list_workplaces(
    pool: asyncpg.Pool, *, identity: Identity, after: list[Any] | None, limit: int
) -> list[dict[str, Any]]:
    """Workplaces by name: every one for staff, their own for a contact person."""
    signed_in(identity)
    contact = contact_of(identity)
    key = (after[0], UUID(after[1])) if after else None
    async with pool.acquire() as conn:
        rows = await queries.list_workplaces(conn, after=key, limit=limit, contact=contact)
    return [workplace_view(r, staff=is_staff(identity)) for r in rows]


def _placement_columns(data: dict[str, Any]) -> dict[str, Any]:
    errors = hours_errors(data["hours"]) + period_errors(data["startDate"], data["endDate"])
    if errors:
        raise ValidationFailed(errors)
    mentor = data["mentor"]
    return {
        "workplace_id": data["workplaceId"], "title": data["title"], "occupation": data["occupation"],
        "kind": data["kind"], "hours": stored_hours(data["hours"]), "start_date": data["startDate"],
        "end_date": data["endDate"], "seats": data["seats"], "sfi_level": data["sfiLevel"],
        "mentor_name": mentor["name"], "mentor_email": mentor.get("email"), "mentor_phone": mentor.get("phone"),
        "languages": sorted(set(data["languages"])), "description": data["description"], "status": data["status"],
    }  # fmt: skip


async def _workplace_exists(conn: asyncpg.Connection, workplace_id: UUID) -> None:
    if await queries.get_workplace(conn, id=workplace_id) is None:
        raise ValidationFailed.field("/workplaceId", "no such workplace")


async def create_placement(
    pool: asyncpg.Pool, *, identity: Identity, data: dict[str, Any], key: str | None, fingerprint: str
) -> Outcome:
    """Publish a placement offer (SFI administrators)."""
    require_manager(identity)
    values = _placement_columns(data)

    async def work(conn: asyncpg.Connection) -> dict[str, Any]:
        await _workplace_exists(conn, data["workplaceId"])
        pid = uuid4()
        await queries.insert_placement(conn, id=pid, d=values, created_by=identity.sub)
        return placement_view(await queries.get_placement(conn, id=pid), full=True)

    return await create_once(pool, identity, key, fingerprint, work)


def ensure_placement_version(if_match: str | None, version: int) -> None:
    """If-Match on an offer compares the version part of its ETag (``"v3.2"``: version 3, 2 seats free)."""
    versions = [t.strip().removeprefix("W/").strip('"').split(".")[0] for t in (if_match or "").split(",")]
    ensure_version(if_match if if_match is None or if_match.strip() == "*" else
                   ",".join(f'"{v}"' for v in versions), version)  # fmt: skip


async def replace_placement(
    pool: asyncpg.Pool, *, identity: Identity, placement_id: UUID, data: dict[str, Any], if_match: str | None
) -> dict[str, Any]:
    """Replace an offer under ``If-Match`` (agreements keep the hours and dates they were agreed on)."""
    require_manager(identity)
    values = _placement_columns(data)
    async with transaction(pool) as conn:
        row = found(await queries.get_placement(conn, id=placement_id, lock=True), "placement")
        ensure_placement_version(if_match, row["version"])
        await _workplace_exists(conn, data["workplaceId"])
        if values["seats"] < row["taken"]:
            raise ValidationFailed.field("/seats", f"{row['taken']} seats are held by agreements already")
        await queries.update_placement(conn, id=placement_id, d=values)
        return placement_view(await queries.get_placement(conn, id=placement_id), full=True)


def _sees_all(identity: Identity, row: Any) -> bool:
    return is_staff(identity) or is_contact(identity, row)


async def get_placement(pool: asyncpg.Pool, *, identity: Identity, placement_id: UUID) -> dict[str, Any]:
    """One placement offer, for anyone signed in (the mentor's contact details for staff and the workplace)."""
    signed_in(identity)
    async with pool.acquire() as conn:
        row = found(await queries.get_placement(conn, id=placement_id), "placement")
    return placement_view(row, full=_sees_all(identity, row))


async def list_placements(
    pool: asyncpg.Pool, *, identity: Identity, filters: dict[str, Any], after: list[Any] | None, limit: int
) -> list[dict[str, Any]]:
    """Placement offers by start date; a workplace contact may ask for their own with ``mine``."""
    signed_in(identity)
    f = {**filters, "today": today()}
    if filters.get("mine"):
        f["contact"] = contact_of(identity)
    key = (date.fromisoformat(after[0]), UUID(after[1])) if after else None
    async with pool.acquire() as conn:
        rows = await queries.list_placements(conn, f=f, after=key, limit=limit)
    return [placement_view(r, full=_sees_all(identity, r)) for r in rows]
