"""Changes to a case by the people on it: workflow steps, the assessment booking, assignment, occupation codes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications import queries
from services.validation.applications.domain import own_workplaces, require_version
from services.validation.applications.service import Case, find_case, representation
from services.validation.audit import queries as audit
from services.validation.outbox.domain import transition_notice
from services.validation.workflow.domain import check_transition, is_own_workplace
from shared.db import transaction
from shared.errors import Forbidden, NotFound, ValidationFailed
from shared.identity import Identity
from shared.outbox.queries import enqueue_notice

NEEDS_REASON = frozenset({"supplement_requested", "rejected"})


def _assessment(case: Case, assessment: Mapping[str, Any] | None, *, today: date) -> dict[str, Any]:
    """Check the booking: it is required, not in the past, and not at the applicant's own workplace."""
    if assessment is None:
        raise ValidationFailed.field("/assessment", "date, place and assessor are required to schedule an assessment")
    if assessment["date"] < today:
        raise ValidationFailed.field("/assessment/date", "must not be in the past")
    if is_own_workplace(assessment["place"], own_workplaces(case.row["details"], on=assessment["date"])):
        raise ValidationFailed.field("/assessment/place", "must differ from the applicant's own workplace")
    return {**assessment, "date": assessment["date"].isoformat()}


def _check_input(case: Case, target: str, reason: str | None) -> None:
    case.access.require_writable()
    if target in NEEDS_REASON and not (reason or "").strip():
        raise ValidationFailed.field("/reason", f"a reason is required to move a case to {target!r}")


async def transition(
    pool: asyncpg.Pool,
    *,
    application_id: UUID,
    identity: Identity,
    tracking_code: str | None,
    if_match: str | None,
    target: str,
    reason: str | None,
    assessment: Mapping[str, Any] | None = None,
    today: date,
) -> dict[str, Any]:
    """Take one workflow step under the row lock; append it to the event log."""
    async with transaction(pool) as conn:
        case = await find_case(
            conn, application_id=application_id, identity=identity, tracking_code=tracking_code, lock=True
        )
        _check_input(case, target, reason)
        require_version(if_match, case.row["version"])
        state = case.row["state"]
        check_transition(state, target, "caseworker" if case.access.is_caseworker else "applicant")
        booking = _assessment(case, assessment, today=today) if target == "assessment_scheduled" else None
        row = await queries.change_state(conn, application_id=application_id, state=target, assessment=booking)
        await queries.insert_event(
            conn,
            application_id=application_id,
            from_state=state,
            to_state=target,
            actor=case.access.actor,
            actor_role=case.access.role,
            reason=reason,
        )
        notice = transition_notice(row, reason=reason, assessment=booking)
        if notice is not None:
            await enqueue_notice(conn, notice)
        return await representation(conn, Case(row, case.access), today=today)


async def _caseworkers_case(
    conn: asyncpg.Connection, *, application_id: UUID, identity: Identity, if_match: str | None, doing: str
) -> Case:
    """The case under its row lock for a caseworker holding its current version (403, 428, 412 otherwise)."""
    case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=None, lock=True)
    if not case.access.is_caseworker:
        raise Forbidden(f"Only caseworkers {doing}")
    require_version(if_match, case.row["version"])
    return case


async def assign(
    pool: asyncpg.Pool,
    *,
    application_id: UUID,
    identity: Identity,
    if_match: str | None,
    assignee: str | None,
    today: date,
) -> dict[str, Any]:
    """Assign the case to a caseworker (caseworkers only)."""
    async with transaction(pool) as conn:
        case = await _caseworkers_case(
            conn, application_id=application_id, identity=identity, if_match=if_match, doing="assign cases"
        )
        row = await queries.assign(conn, application_id=application_id, assignee=assignee)
        return await representation(conn, Case(row, case.access), today=today)


async def map_occupation(
    pool: asyncpg.Pool,
    *,
    application_id: UUID,
    index: int,
    identity: Identity,
    if_match: str | None,
    ssyk: str | None,
    today: date,
) -> dict[str, Any]:
    """Set (or clear) the SSYK code of one experience entry's free-text occupation; audited, bumps the version."""
    async with transaction(pool) as conn:
        case = await _caseworkers_case(
            conn, application_id=application_id, identity=identity, if_match=if_match, doing="map occupations"
        )
        entries = case.row["details"].get("experience") or []
        if not 0 <= index < len(entries):
            raise NotFound("No such experience entry")
        row = await queries.map_experience_ssyk(conn, application_id=application_id, index=index, ssyk=ssyk)
        await audit.record(
            conn, action="experience.mapped", actor=case.access.actor, actor_role=case.access.role,
            application_id=application_id,
            detail={"index": index, "ssyk": ssyk, "previous": entries[index].get("mappedSsyk")},
        )  # fmt: skip
        return await representation(conn, Case(row, case.access), today=today)
