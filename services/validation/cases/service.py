"""View use cases: the queue, statistics, the applicant's overview, and the auditors' audit log."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications import queries as cases
from services.validation.applications.domain import AUDITOR_ROLE, CASEWORKER_ROLE
from services.validation.applications.service import find_case, precheck_of
from services.validation.audit import queries as audit
from services.validation.cases import queries
from services.validation.clock import Clock, local_date
from services.validation.messages import language, message, role_title
from services.validation.workflow.domain import OPEN
from shared.db import transaction
from shared.errors import Forbidden
from shared.identity import Identity
from shared.personnummer import InvalidIdentityNumber, parse_identity_number

STAFF = (CASEWORKER_ROLE, AUDITOR_ROLE)


def require_staff(identity: Identity, *roles: str) -> None:
    """Caseworkers and auditors (and whoever else ``roles`` names) only."""
    identity.require_role(*(roles or STAFF))
    if identity.kind != "person":
        raise Forbidden("Case views are for signed-in staff")


def _item(row: asyncpg.Record, today: date) -> dict[str, Any]:
    # Protected identities never appear with name or contact data in lists.
    return {
        "id": str(row["id"]),
        "reference": row["reference"],
        "targetRole": row["role_code"],
        "state": row["state"],
        "name": None if row["protected_identity"] else row["name"],
        "protectedIdentity": row["protected_identity"],
        "submittedAt": row["submitted_at"].isoformat(),
        "stateChangedAt": row["state_changed_at"].isoformat(),
        "daysWaiting": (today - local_date(row["submitted_at"])).days,
        "assignedTo": row["assigned_to"],
        "flaggedWaiting": row["flagged_waiting_at"] is not None,
    }


async def queue(
    pool: asyncpg.Pool,
    *,
    identity: Identity,
    filters: dict[str, Any],
    after: list[Any] | None,
    limit: int,
    clock: Clock,
) -> list[dict[str, Any]]:
    """One page of the caseworker queue (limit + 1 rows, for the paging helper); days counted in Swedish dates."""
    require_staff(identity)
    now = clock.now()
    key = (datetime.fromisoformat(after[0]), UUID(after[1])) if after else None
    async with transaction(pool) as conn:
        rows = await queries.queue(
            conn,
            states=filters.get("state") or sorted(OPEN | {"decided"}),
            role_code=filters.get("role"),
            waiting_days=filters.get("waitingLongerThanDays"),
            assignee=identity.sub if filters.get("assignedToMe") else None,
            after=key,
            limit=limit + 1,
            now=now,
        )
        for row in rows[:limit]:
            if row["protected_identity"]:
                await audit.record(
                    conn, action="application.listed", actor=identity.sub, actor_role="staff", application_id=row["id"]
                )
    return [_item(r, now.date()) for r in rows]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_terms(text: str, *, today: date) -> dict[str, str | None]:
    """What a caseworker's search text can be: a reference prefix, a personal number (any written form), a name."""
    text = " ".join(text.split())
    number = None
    if re.fullmatch(r"[0-9]{6,8}[-+ ]?[0-9]{4}", text):
        try:
            number = parse_identity_number(text, today=today).digits
        except InvalidIdentityNumber:
            number = None
    reference = _like(text.upper()) if re.fullmatch(r"[A-Za-z]{2,5}-[A-Za-z0-9-]{1,30}", text) else None
    name = _like(text.lower()) if number is None and not text.isdigit() else None
    return {"reference": reference, "number": number, "name": name}


async def search(
    pool: asyncpg.Pool, *, identity: Identity, text: str, limit: int, clock: Clock
) -> list[dict[str, Any]]:
    """Cases matching a reference, a name or a personal number (for staff); every search is audited, and so is
    each protected identity it shows."""
    require_staff(identity)
    now = clock.now()
    terms = search_terms(text, today=local_date(now))
    async with transaction(pool) as conn:
        rows = await queries.search(conn, **terms, limit=limit)
        kind = "number" if terms["number"] else "reference" if terms["reference"] and not terms["name"] else "text"
        await audit.record(conn, action="cases.searched", actor=identity.sub, actor_role="staff",
                           application_id=None, detail={"by": kind, "found": len(rows)})  # fmt: skip
        for row in rows:
            if row["protected_identity"]:
                await audit.record(
                    conn, action="application.listed", actor=identity.sub, actor_role="staff", application_id=row["id"]
                )
    return [_item(r, now.date()) for r in rows]


async def statistics(pool: asyncpg.Pool, *, identity: Identity) -> dict[str, Any]:
    """Aggregate figures for caseworkers, auditors and administrators."""
    require_staff(identity, *STAFF, "admin")
    async with pool.acquire() as conn:
        return await queries.statistics(conn)


async def overview(
    pool: asyncpg.Pool,
    *,
    application_id: UUID,
    identity: Identity,
    tracking_code: str | None,
    lang: str | None,
    today: date,
) -> dict[str, Any]:
    """The applicant's own view: state, what is missing, the next step, the decision, the certificate."""
    async with transaction(pool) as conn:
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        row = case.row
        chosen = language(lang, row["preferred_language"])
        precheck = await precheck_of(conn, row, lang=chosen, today=today)
        decision = await cases.decision(conn, application_id=application_id)
    state = row["state"]
    return {
        "id": str(row["id"]),
        "reference": row["reference"],
        "version": row["version"],
        "language": chosen,
        "targetRole": row["role_code"],
        "targetRoleTitle": role_title(row["role_code"], chosen),
        "state": {**message(f"state.{state}", chosen), "code": state},
        "nextStep": message(f"next_step.{state}", chosen),
        "missingDocuments": precheck["missingDocuments"] if state in OPEN else [],
        "advice": precheck["advice"],
        "assessment": row["assessment"],
        "decision": None
        if decision is None
        else {
            "outcome": {**message(f"outcome.{decision['outcome']}", chosen), "code": decision["outcome"]},
            "gapList": decision["gap_list"],
            "pointsValidated": decision["points_validated"],
            "pointsRemaining": decision["points_remaining"],
        },
        "certificateUrl": f"/v1/applications/{row['id']}/certificate" if decision else None,
    }


def _audit_entry(row: asyncpg.Record) -> dict[str, Any]:
    return {
        "id": row["id"],
        "action": row["action"],
        "actor": row["actor"],
        "actorRole": row["actor_role"],
        "applicationId": str(row["application_id"]) if row["application_id"] else None,
        "documentId": str(row["document_id"]) if row["document_id"] else None,
        "detail": row["detail"],
        "at": row["at"].isoformat(),
    }


def _filters_detail(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in filters.items()}


async def audit_log(
    pool: asyncpg.Pool, *, identity: Identity, filters: dict[str, Any], after: list[Any] | None, limit: int
) -> list[dict[str, Any]]:
    """One page (limit + 1 rows, for the paging helper) of entries matching ``filters``, newest first.

    The read is written to the log in the same transaction (``audit_log.read`` with the filters), so who
    looked at whose trail is itself on the trail.
    """
    require_staff(identity, AUDITOR_ROLE)
    async with transaction(pool) as conn:
        rows = await audit.search(
            conn,
            application_id=filters.get("applicationId"),
            actor=filters.get("actor"),
            action=filters.get("action"),
            since=filters.get("from"),
            until=filters.get("to"),
            before_id=int(after[0]) if after else None,
            limit=limit + 1,
        )
        await audit.record(
            conn,
            action="audit_log.read",
            actor=identity.sub,
            actor_role="auditor",
            application_id=None,  # the filter may name a case that does not exist; it is kept in the detail
            detail={"filters": _filters_detail(filters), "entries": min(len(rows), limit)},
        )
    return [_audit_entry(r) for r in rows]
