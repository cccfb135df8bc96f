"""Use cases of outcome records and follow-up facts: who may record, idempotent creates, audited reads."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin.common import ensure_version
from services.sfi_schedule.followup import queries
from services.sfi_schedule.followup.domain import check_outcome
from shared.db import transaction
from shared.errors import Forbidden, NotFound, ValidationFailed
from shared.idempotency import Outcome, run_once
from shared.identity import Identity
from shared.personnummer import InvalidIdentityNumber, parse_identity_number

WRITE_SCOPE = "outcomes:write"
WRITER_ROLE = "caseworker"
EARLIEST = date(1990, 1, 1)


def require_writer(identity: Identity) -> None:
    """Caseworkers, and municipal systems holding ``outcomes:write`` (not ``admin``: personal data needs a grant)."""
    if identity.kind == "system" and identity.has_scope(WRITE_SCOPE):
        return
    if identity.kind == "system":
        raise Forbidden(f"This key lacks the scope: {WRITE_SCOPE}")
    identity.require_role(WRITER_ROLE)


def present(row: asyncpg.Record) -> dict[str, Any]:
    """A record as the API shows it."""
    return {
        "id": str(row["id"]), "learnerId": str(row["learner_id"]), "observedOn": row["observed_on"].isoformat(),
        "kind": row["kind"], "ssyk": row["ssyk"], "extentPercent": row["extent_percent"],
        "employmentForm": row["employment_form"], "studyKind": row["study_kind"],
        "placementKind": row["placement_kind"], "source": row["source"], "recordedBy": row["recorded_by"],
        "recordedAt": row["recorded_at"].isoformat(),
        "retractedAt": row["retracted_at"].isoformat() if row["retracted_at"] else None,
    }  # fmt: skip


def present_facts(row: asyncpg.Record) -> dict[str, Any]:
    """A learner's follow-up facts as the API shows them."""
    return {"learnerId": str(row["learner_id"]), "sex": row["sex"],
            "arrivedOn": row["arrived_on"].isoformat() if row["arrived_on"] else None,
            "version": row["version"], "updatedAt": row["updated_at"].isoformat()}  # fmt: skip


def _check_day(d: date, pointer: str, *, today: date) -> None:
    if d > today:
        raise ValidationFailed.field(pointer, "must not be after today: a record says what was, not a plan")
    if d < EARLIEST:
        raise ValidationFailed.field(pointer, f"must not be before {EARLIEST.isoformat()}")


async def _learner(conn: asyncpg.Connection, d: dict[str, Any], *, today: date) -> asyncpg.Record:
    if "personalNumber" in d:
        try:
            number = parse_identity_number(d["personalNumber"], today=today).digits
        except InvalidIdentityNumber as exc:
            raise ValidationFailed.field(
                "/personalNumber", f"not a valid personal or coordination number: {exc}"
            ) from None
        found = await queries.learner(conn, learner_id=None, number=number)
        pointer = "/personalNumber"
    else:
        found = await queries.learner(conn, learner_id=d["learnerId"], number=None)
        pointer = "/learnerId"
    if found is None:
        raise ValidationFailed.field(pointer, "names no learner known to Lotsen")
    return found


async def record_outcome(
    pool: asyncpg.Pool, *, identity: Identity, d: dict[str, Any], key: str | None, fingerprint: str, today: date
) -> Outcome:
    """Store what the learner was doing on a day (once per ``Idempotency-Key``); ``today`` is the service clock's."""
    require_writer(identity)
    check_outcome(d)
    _check_day(d["observedOn"], "/observedOn", today=today)
    async with transaction(pool) as conn:

        async def work() -> Outcome:
            found = await _learner(conn, d, today=today)
            row = await queries.insert_outcome(
                conn, record_id=uuid.uuid4(), learner_id=found["id"], d=d,
                recorded_by=identity.consumer or identity.sub,
                recorded_kind="system" if identity.kind == "system" else "person",
            )  # fmt: skip
            return Outcome(201, present(row))

        return await run_once(conn, schema="sfi", consumer=identity.consumer or identity.sub, key=key,
                              fingerprint=fingerprint, work=work)  # fmt: skip


async def outcomes(
    pool: asyncpg.Pool, *, identity: Identity, learner_id: UUID, after: list | None, limit: int
) -> list[asyncpg.Record]:
    """One page of a learner's records; a read of a protected learner's records is audited."""
    require_writer(identity)
    position = (date.fromisoformat(after[0]), UUID(after[1])) if after else None
    async with transaction(pool) as conn:
        found = await queries.learner(conn, learner_id=learner_id, number=None)
        if found is None:
            return []
        if found["protected_identity"]:
            await queries.log_protected_read(conn, learner_id=learner_id, reader=identity.sub)
        return await queries.outcomes_of(conn, learner_id=learner_id, after=position, limit=limit)


async def retract(pool: asyncpg.Pool, *, identity: Identity, record_id: UUID) -> None:
    """Retract a record (it stays, marked, and no longer counts); 404 when there is no such record."""
    require_writer(identity)
    async with transaction(pool) as conn:
        if await queries.retract_outcome(conn, record_id=record_id, by=identity.consumer or identity.sub) is None:
            raise NotFound("No such outcome record")


async def facts(pool: asyncpg.Pool, *, identity: Identity, learner_id: UUID) -> dict[str, Any]:
    """A learner's follow-up facts; 404 until some are recorded."""
    require_writer(identity)
    async with pool.acquire() as conn:
        row = await queries.person_facts(conn, learner_id=learner_id)
    if row is None:
        raise NotFound("No follow-up facts are recorded for this learner")
    return present_facts(row)


async def save_facts(
    pool: asyncpg.Pool, *, identity: Identity, learner_id: UUID, d: dict[str, Any], if_match: str | None, today: date
) -> dict[str, Any]:
    """Create or replace a learner's facts; replacing needs ``If-Match`` with the current version."""
    require_writer(identity)
    if d.get("arrivedOn") is not None:
        _check_day(d["arrivedOn"], "/arrivedOn", today=today)
    async with transaction(pool) as conn:
        if await queries.learner(conn, learner_id=learner_id, number=None) is None:
            raise NotFound("No such learner")
        current = await queries.person_facts(conn, learner_id=learner_id, lock=True)
        if current is not None:  # creating overwrites nothing; replacing must name the version it replaces
            ensure_version(if_match, current["version"])
        row = await queries.save_person_facts(
            conn, learner_id=learner_id, sex=d.get("sex"), arrived_on=d.get("arrivedOn"),
            by=identity.consumer or identity.sub,
        )  # fmt: skip
    return present_facts(row)


async def purge(pool: asyncpg.Pool, *, today: date, months: int) -> tuple[int, int]:
    """Delete records older than the retention (and facts nothing needs any more); safe on every replica."""
    async with transaction(pool) as conn:
        return await queries.purge_before(conn, today=today, months=months)
