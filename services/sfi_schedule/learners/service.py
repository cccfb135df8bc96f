"""Learner profiles: read and replace one's own, administrators read any, placements and results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners import queries
from services.sfi_schedule.learners.domain import busy_window_errors
from services.sfi_schedule.learners.profile import columns_of, view, windows_of
from shared.db import transaction
from shared.errors import FieldError, NotFound, PreconditionFailed, PreconditionRequired, ValidationFailed
from shared.etag import etag_of_version
from shared.identity import Identity
from shared.personnummer import InvalidIdentityNumber, parse_identity_number

READERS = ("sfi_admin", "teacher")


async def my_profile(pool: asyncpg.Pool, *, subject: str, config: SfiConfig) -> dict[str, Any]:
    """The caller's profile, or 404 when they have none yet."""
    async with pool.acquire() as conn:
        row = await queries.by_subject(conn, subject=subject)
        if row is None:
            raise NotFound("You have no SFI learner profile yet; create it with PUT /v1/learners/me")
        return view(row, await queries.results_of(conn, learner_id=row["id"]), config)


def _checked(data: dict[str, Any]) -> tuple[dict[str, Any], str | None, bool]:
    """Row values, the personal number as 12 digits (shared.personnummer's rules), and whether it was sent."""
    errors = busy_window_errors(windows_of(data.get("busyWindows", [])))
    sent = "personalNumber" in data
    number = None
    if sent and data["personalNumber"] is not None:
        # Today in Sweden chooses the century of a 10-digit number and checks a "+" (100 or older).
        today = datetime.now(ZoneInfo("Europe/Stockholm")).date()
        try:
            number = parse_identity_number(data["personalNumber"], today=today).digits
        except InvalidIdentityNumber as exc:
            errors.append(FieldError("/personalNumber", f"not a valid personal or coordination number: {exc}"))
    if errors:
        raise ValidationFailed(errors)
    return columns_of(data), number, sent


def _ensure_version(if_match: str | None, version: int) -> None:
    if if_match is None:
        raise PreconditionRequired("Send If-Match with the ETag you last read")
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if if_match.strip() != "*" and etag_of_version(version) not in tags:
        raise PreconditionFailed("Your profile changed since you read it; read it again and retry")


async def put_my_profile(
    pool: asyncpg.Pool, *, subject: str, data: dict[str, Any], if_match: str | None, config: SfiConfig
) -> tuple[int, dict[str, Any]]:
    """Create the caller's profile (201) or replace it under ``If-Match`` (200)."""
    values, number, sent = _checked(data)
    async with transaction(pool) as conn:
        row = await queries.by_subject(conn, subject=subject, lock=True)
        if row is None:
            row = await queries.insert(conn, learner_id=uuid4(), subject=subject, d=values, personal_number=number)
            status = 201
        else:
            _ensure_version(if_match, row["version"])
            keep = number if sent else row["personal_number"]
            row = await queries.update(conn, learner_id=row["id"], d=values, personal_number=keep)
            status = 200
        return status, view(row, await queries.results_of(conn, learner_id=row["id"]), config)


async def read_learner(pool: asyncpg.Pool, *, learner_id: UUID, reader: Identity, config: SfiConfig) -> dict[str, Any]:
    """Any learner, for administrators and teachers; a read of a protected identity is audited."""
    reader.require_role(*READERS)
    async with transaction(pool) as conn:
        row = await queries.by_id(conn, learner_id=learner_id)
        if row is None:
            raise NotFound("No such learner")
        if row["protected_identity"]:
            await queries.audit_reads(conn, learner_ids=[learner_id], reader=reader.sub, purpose="learner profile")
        body = view(row, await queries.results_of(conn, learner_id=learner_id), config)
    if row["protected_identity"]:
        body.update(email=None, phone=None, homeDistrict=None, latitude=None, longitude=None)
    return body


async def set_placement(
    pool: asyncpg.Pool, *, learner_id: UUID, course: str | None, decided_on: date, by: Identity, config: SfiConfig
) -> dict[str, Any]:
    """Record the course a mapping placed the learner in (teachers and administrators)."""
    by.require_role(*READERS)
    async with transaction(pool) as conn:
        if await queries.by_id(conn, learner_id=learner_id, lock=True) is None:
            raise NotFound("No such learner")
        row = await queries.set_placement(
            conn, learner_id=learner_id, course=course, decided_on=decided_on, decided_by=by.sub
        )
        return view(row, await queries.results_of(conn, learner_id=learner_id), config)
