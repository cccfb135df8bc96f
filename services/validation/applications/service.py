"""Application use cases: submit, find a case the caller may see, read it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications import queries
from services.validation.applications.domain import (
    APPLICANT_ROLE,
    Access,
    access_to,
    facts_of,
    hash_tracking_code,
    new_reference,
    new_tracking_code,
)
from services.validation.applications.present import application_json
from services.validation.applications.schemas import ApplicationCreateSchema
from services.validation.audit import queries as audit
from services.validation.catalogue import queries as catalogue
from services.validation.catalogue.domain import role_from_row
from services.validation.clock import today
from services.validation.messages import language
from services.validation.personnummer.domain import parse_identity_number
from services.validation.precheck.domain import run_precheck
from services.validation.precheck.present import precheck_json
from shared.body import schema_instance
from shared.db import transaction
from shared.errors import Forbidden, NotFound, ValidationFailed
from shared.idempotency import Outcome, request_fingerprint, run_once
from shared.identity import Identity

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


async def precheck_of(conn: asyncpg.Connection, row: Mapping[str, Any], *, lang: str) -> dict[str, Any]:
    """Run the pre-check on a stored case with the documents it has now."""
    role = role_from_row(await catalogue.get_role(conn, code=row["role_code"]))
    kinds = await queries.document_kinds(conn, application_id=row["id"])
    facts = facts_of(row["details"], document_kinds=kinds, has_swedish_number=row["identity_kind"] != "none")
    result = run_precheck(role, facts, today=today(), points=await catalogue.course_points(conn))
    return precheck_json(result, lang)


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


async def representation(conn: asyncpg.Connection, case: Case, *, lang: str | None = None) -> dict[str, Any]:
    """The full JSON of a case for its reader."""
    row = case.row
    return application_json(
        row,
        access=case.access,
        precheck=await precheck_of(conn, row, lang=language(lang, row["preferred_language"])),
        documents=await queries.documents(conn, application_id=row["id"]),
        decision=await queries.decision(conn, application_id=row["id"]),
    )


def _owner_of(identity: Identity) -> str | None:
    if identity.anonymous:
        return None
    if identity.kind == "person" and identity.has_role(APPLICANT_ROLE):
        return identity.sub
    raise Forbidden("Only residents (signed in) or anonymous applicants submit applications")


async def _insert(conn: asyncpg.Connection, data: Mapping[str, Any], *, owner: str | None, code: str | None):
    role_row = await catalogue.get_role(conn, code=data["targetRole"])
    role = role_from_row(role_row)
    package = role.package_on(today())
    details = schema_instance(ApplicationCreateSchema).dump(data)
    number = parse_identity_number(data["identity"]["number"], today=today()) if "identity" in data else None
    details.pop("identity", None)
    row = await queries.insert_application(
        conn,
        application_id=uuid.uuid4(),
        reference=new_reference(today().year),
        owner_sub=owner,
        tracking_hash=hash_tracking_code(code) if code else None,
        role_code=role.code,
        profile_code=package.code if package else None,
        identity_kind=number.kind if number else "none",
        identity_number=number.digits if number else None,
        protected_identity=data["protectedIdentity"],
        preferred_language=data["preferredLanguage"],
        details=details,
        precheck={},
    )
    actor = owner or "anonymous"
    await queries.insert_event(
        conn, application_id=row["id"], from_state=None, to_state="submitted", actor=actor, actor_role="applicant",
        reason=None,
    )  # fmt: skip
    return row


async def submit(pool: asyncpg.Pool, *, identity: Identity, data: Mapping[str, Any], key: str | None) -> Outcome:
    """Store an application once per Idempotency-Key; anonymous applicants get a tracking code."""
    owner = _owner_of(identity)
    fingerprint = request_fingerprint("submit-application", schema_instance(ApplicationCreateSchema).dump(data))
    code = new_tracking_code() if owner is None else None
    async with transaction(pool) as conn:
        if await catalogue.get_role(conn, code=data["targetRole"]) is None:
            raise ValidationFailed.field("/targetRole", "is not a role in the catalogue (see GET /v1/roles)")

        async def work() -> Outcome:
            row = await _insert(conn, data, owner=owner, code=code)
            precheck = await precheck_of(conn, row, lang=row["preferred_language"])
            await queries.set_precheck(conn, application_id=row["id"], precheck=precheck)
            # Only the id is kept with the key: the idempotency table holds no personal data.
            return Outcome(201, {"id": str(row["id"])})

        consumer = identity.consumer or identity.sub
        outcome = await run_once(conn, schema=SCHEMA, consumer=consumer, key=key, fingerprint=fingerprint, work=work)
        application_id = UUID(outcome.body["id"])
        if outcome.replayed and owner is None:
            # The code is never stored in clear; a retry that lost the first answer gets a fresh one.
            await queries.set_tracking_hash(conn, application_id=application_id, tracking_hash=hash_tracking_code(code))
        row = await queries.get_application(conn, application_id=application_id)
        body = await representation(conn, Case(row, Access("owner", owner or "tracking-code")))
    if code is not None:
        body["trackingCode"] = code
    return Outcome(outcome.status, body, outcome.replayed)


async def read(
    pool: asyncpg.Pool, *, application_id: UUID, identity: Identity, tracking_code: str | None, lang: str | None
) -> dict[str, Any]:
    """A case for a reader entitled to it."""
    async with transaction(pool) as conn:
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        return await representation(conn, case, lang=lang)


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
    pool: asyncpg.Pool, *, reference: str, identity: Identity, tracking_code: str | None, lang: str | None
) -> dict[str, Any]:
    """A case found by its reference for whoever proves access (tracking code or owner); else 404."""
    async with transaction(pool) as conn:
        application_id = await queries.id_by_reference(conn, reference=reference)
        if application_id is None:
            raise NotFound("No such application")
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        return await representation(conn, case, lang=lang)


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
