"""Application use cases: submit, find a case the caller may see, read it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications import queries
from services.validation.applications.domain import (
    APPLICANT_ROLE,
    Access,
    access_to,
    facts_of,
    new_reference,
)
from services.validation.applications.present import application_json, receipt_json
from services.validation.applications.schemas import ApplicationCreateSchema
from services.validation.audit import queries as audit
from services.validation.catalogue import queries as catalogue
from services.validation.catalogue.domain import Role, role_from_row
from services.validation.messages import language, role_title
from services.validation.outbox.domain import receipt_notice
from services.validation.precheck.domain import run_precheck
from services.validation.precheck.present import precheck_json
from shared.body import schema_instance
from shared.db import transaction
from shared.errors import FieldError, Forbidden, NotFound, ValidationFailed
from shared.idempotency import Outcome, request_fingerprint, run_once
from shared.identity import Identity
from shared.outbox.queries import enqueue_notice
from shared.personnummer import IdentityNumber, InvalidIdentityNumber, parse_identity_number
from shared.tracking import hash_tracking_code, new_tracking_code

SCHEMA = "validation"


@dataclass(frozen=True, slots=True)
class Case:
    """A case row and who is looking at it."""

    row: asyncpg.Record
    access: Access


def parse_id(raw: str) -> UUID:
    """A case id from the path; anything that is not a UUID simply does not exist."""
    try:
        return UUID(raw)
    except ValueError:
        raise NotFound("No such application") from None


async def load_role(conn: asyncpg.Connection, *, code: str) -> Role | None:
    """One role of the catalogue with all its profile versions (only that role is read)."""
    row = await catalogue.get_role(conn, code=code)
    return role_from_row(row) if row is not None else None


def compute_precheck(
    role: Role,
    details: Mapping[str, Any],
    *,
    document_kinds: Iterable[str],
    has_swedish_number: bool,
    today: date,
    points: Mapping[str, int],
    lang: str,
) -> dict[str, Any]:
    """The pre-check of a case's details as JSON in ``lang`` (pure: everything it needs is given)."""
    facts = facts_of(details, document_kinds=document_kinds, has_swedish_number=has_swedish_number)
    return precheck_json(run_precheck(role, facts, today=today, points=points), lang)


async def precheck_of(conn: asyncpg.Connection, row: Mapping[str, Any], *, lang: str, today: date) -> dict[str, Any]:
    """Run the pre-check on a stored case with the documents it has now."""
    role = await load_role(conn, code=row["role_code"])
    return compute_precheck(
        role,
        row["details"],
        document_kinds=await queries.document_kinds(conn, application_id=row["id"]),
        has_swedish_number=row["identity_kind"] != "none",
        today=today,
        points=await catalogue.course_points(conn),
        lang=lang,
    )


async def find_case(
    conn: asyncpg.Connection,
    *,
    application_id: UUID,
    identity: Identity,
    tracking_code: str | None,
    lock: bool = False,
    audit_read: bool = True,
) -> Case:
    """Load a case the caller may see (404 otherwise); reads of protected identities are audited."""
    row = await queries.get_application(conn, application_id=application_id, lock=lock)
    if row is None:
        raise NotFound("No such application")
    access = access_to(
        identity, owner_sub=row["owner_sub"], tracking_hash=row["tracking_code_hash"], tracking_code=tracking_code
    )
    if audit_read and row["protected_identity"]:
        await audit.record(
            conn, action="application.read", actor=access.actor, actor_role=access.role, application_id=row["id"]
        )
    return Case(row, access)


async def representation(
    conn: asyncpg.Connection, case: Case, *, today: date, lang: str | None = None
) -> dict[str, Any]:
    """The full JSON of a case for its reader."""
    row = case.row
    chosen = language(lang, row["preferred_language"])
    body = application_json(
        row,
        access=case.access,
        precheck=await precheck_of(conn, row, lang=chosen, today=today),
        documents=await queries.documents(conn, application_id=row["id"]),
        decision=await queries.decision(conn, application_id=row["id"]),
    )
    return {**body, "targetRoleTitle": role_title(row["role_code"], chosen)}


def _owner_of(identity: Identity) -> str | None:
    if identity.anonymous:
        return None
    if identity.kind == "person" and identity.has_role(APPLICANT_ROLE):
        return identity.sub
    raise Forbidden("Only residents (signed in) or anonymous applicants submit applications")


def checked_against_today(data: Mapping[str, Any], *, today: date) -> IdentityNumber | None:
    """The checks that need today's date: the identity number, and no work that starts in the future."""
    errors, number = [], None
    if "identity" in data:
        try:
            number = parse_identity_number(data["identity"]["number"], today=today)
        except InvalidIdentityNumber as exc:
            errors.append(FieldError("/identity/number", f"not a valid personnummer or samordningsnummer: {exc}"))
    for index, entry in enumerate(data.get("experience") or ()):
        if entry["start"] > today:
            errors.append(FieldError(f"/experience/{index}/from", "must not be in the future"))
    if errors:
        raise ValidationFailed(errors)
    return number


async def submit(
    pool: asyncpg.Pool, *, identity: Identity, data: Mapping[str, Any], key: str | None, today: date
) -> Outcome:
    """Store an application once per Idempotency-Key; anonymous applicants get a tracking code.

    The role is read once and the pre-check runs once. A replay answers with the first submission's public
    receipt: it neither mints a new tracking code (the one the applicant holds keeps working) nor shows
    name, contact or pre-check to whoever presents the same key and body.
    """
    owner = _owner_of(identity)
    number = checked_against_today(data, today=today)
    details = schema_instance(ApplicationCreateSchema).dump(data)
    fingerprint = request_fingerprint("submit-application", details)
    details.pop("identity", None)
    async with transaction(pool) as conn:
        role = await load_role(conn, code=data["targetRole"])
        if role is None:
            raise ValidationFailed.field("/targetRole", "is not a role in the catalogue (see GET /v1/roles)")

        async def work() -> Outcome:
            code = new_tracking_code() if owner is None else None
            precheck = compute_precheck(
                role, details, document_kinds=(), has_swedish_number=number is not None, today=today,
                points=await catalogue.course_points(conn), lang=data["preferredLanguage"],
            )  # fmt: skip
            row = await insert_case(
                conn, data, details, role=role, number=number, owner=owner, today=today, precheck=precheck,
                tracking_hash=hash_tracking_code(code) if code else None, actor=owner or "anonymous",
            )  # fmt: skip
            body = application_json(row, access=Access("owner", owner or "tracking-code"), precheck=precheck)
            if code is not None:
                body["trackingCode"] = code
            # Only the receipt is kept with the key: the idempotency table holds no personal data.
            return Outcome(201, body, keep=receipt_json(row))

        consumer = identity.consumer or identity.sub
        return await run_once(conn, schema=SCHEMA, consumer=consumer, key=key, fingerprint=fingerprint, work=work)


async def insert_case(
    conn: asyncpg.Connection,
    data: Mapping[str, Any],
    details: Mapping[str, Any],
    *,
    role: Role,
    number: IdentityNumber | None,
    owner: str | None,
    tracking_hash: bytes | None,
    today: date,
    precheck: Mapping[str, Any],
    actor: str,
    actor_role: str = "applicant",
) -> asyncpg.Record:
    """Insert the case in state ``submitted`` with its intake pre-check, and its first event (by ``actor``).

    The applicant submits their own case; a caseworker may make one from a skills mapping, for its owner or
    under the mapping's tracking code (``tracking_hash``).
    """
    package = role.package_on(today)
    row = await queries.insert_application(
        conn,
        application_id=uuid.uuid4(),
        reference=new_reference(today.year),
        owner_sub=owner,
        tracking_hash=tracking_hash,
        role_code=role.code,
        profile_code=package.code if package else None,
        identity_kind=number.kind if number else "none",
        identity_number=number.digits if number else None,
        protected_identity=data["protectedIdentity"],
        preferred_language=data["preferredLanguage"],
        details=details,
        precheck=precheck,
    )
    await queries.insert_event(
        conn, application_id=row["id"], from_state=None, to_state="submitted", actor=actor, actor_role=actor_role,
        reason=None,
    )  # fmt: skip
    await enqueue_notice(conn, receipt_notice(row, role=role))  # the receipt, in the applicant's language
    return row


async def read(
    pool: asyncpg.Pool,
    *,
    application_id: UUID,
    identity: Identity,
    tracking_code: str | None,
    lang: str | None,
    today: date,
) -> dict[str, Any]:
    """A case for a reader entitled to it."""
    async with transaction(pool) as conn:
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        return await representation(conn, case, lang=lang, today=today)


async def event_log(
    pool: asyncpg.Pool, *, application_id: UUID, identity: Identity, tracking_code: str | None
) -> list[dict[str, Any]]:
    """The case's transitions with actor, time and reason."""
    async with transaction(pool) as conn:
        await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        rows = await queries.events(conn, application_id=application_id)
    return [
        {
            "from": r["from_state"],
            "to": r["to_state"],
            "actor": r["actor"],
            "actorRole": r["actor_role"],
            "reason": r["reason"],
            "at": r["at"].isoformat(),
        }
        for r in rows
    ]


async def lookup(
    pool: asyncpg.Pool, *, reference: str, identity: Identity, tracking_code: str | None, lang: str | None, today: date
) -> dict[str, Any]:
    """A case found by its reference for whoever proves access (tracking code or owner); else 404."""
    async with transaction(pool) as conn:
        application_id = await queries.id_by_reference(conn, reference=reference)
        if application_id is None:
            raise NotFound("No such application")
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        return await representation(conn, case, lang=lang, today=today)


async def my_cases(pool: asyncpg.Pool, *, identity: Identity) -> list[dict[str, Any]]:
    """The signed-in applicant's own cases in brief."""
    if identity.kind != "person" or not identity.has_role(APPLICANT_ROLE):
        raise Forbidden("Only signed-in residents have cases of their own")
    async with pool.acquire() as conn:
        rows = await queries.cases_of_owner(conn, owner_sub=identity.sub)
    return [
        {
            "id": str(r["id"]),
            "reference": r["reference"],
            "targetRole": r["role_code"],
            "state": r["state"],
            "submittedAt": r["submitted_at"].isoformat(),
            "stateChangedAt": r["state_changed_at"].isoformat(),
            "outcome": r["outcome"],
            "version": r["version"],
        }
        for r in rows
    ]
