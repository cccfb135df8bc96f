"""Skills mapping use cases: record one, read it with its result, change it, list them, find one by reference.

Who may do what follows the validation application: a signed-in resident owns what they record; an anonymous
person gets a tracking code once and proves access with it (``X-Tracking-Code``); a caseworker records for a
person sitting with them (the person gets the tracking code) and reads every mapping; an auditor reads. Anyone
else gets 404, so a mapping's existence is never revealed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications.domain import (
    APPLICANT_ROLE,
    AUDITOR_ROLE,
    CASEWORKER_ROLE,
    Access,
    access_to,
)
from services.validation.messages import skills_language as language
from services.validation.skills import queries
from services.validation.skills.domain import future_years, new_reference
from services.validation.skills.evaluate import evaluate, reference_data
from services.validation.skills.present import item_json, mapping_json, receipt_json
from services.validation.skills.schemas import MappingInSchema
from shared.body import schema_instance
from shared.db import transaction
from shared.errors import (
    FieldError,
    Forbidden,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    ValidationFailed,
)
from shared.idempotency import Outcome, request_fingerprint, run_once
from shared.identity import Identity
from shared.tracking import hash_tracking_code, new_tracking_code

SCHEMA = "validation"


@dataclass(frozen=True, slots=True)
class Found:
    """A mapping row and who is looking at it."""

    row: asyncpg.Record
    access: Access


def parse_id(raw: str) -> UUID:
    """A mapping id from the path; anything that is not a UUID does not exist."""
    try:
        return UUID(raw)
    except ValueError:
        raise NotFound("No such skills mapping") from None


def _recorder(identity: Identity) -> tuple[str | None, str, str]:
    """(owner, recorded role, recorded by) for a new mapping; 403 for callers who do not record mappings."""
    if identity.anonymous:
        return None, "person", "anonymous"
    if identity.kind == "person" and identity.has_role(CASEWORKER_ROLE):
        return None, "caseworker", identity.sub
    if identity.kind == "person" and identity.has_role(APPLICANT_ROLE):
        return identity.sub, "person", identity.sub
    raise Forbidden("Residents (signed in or not) and caseworkers record skills mappings")


def _checked(data: Mapping[str, Any], *, today: date) -> None:
    pointers = future_years(data, this_year=today.year)
    if pointers:
        raise ValidationFailed([FieldError(p, "must not be in the future") for p in pointers])


def require_mapping_version(if_match: str | None, version: int) -> None:
    """``If-Match`` names the mapping's version (the part of its ETag before the dot): 428 missing, 412 stale."""
    if if_match is None:
        raise PreconditionRequired("Send If-Match with the ETag you last read")
    tags = [t.strip().removeprefix("W/").strip('"').split(".")[0] for t in if_match.split(",")]
    if if_match.strip() != "*" and f"v{version}" not in tags:
        raise PreconditionFailed("The mapping changed since you read it; read it again and retry")


async def find(
    conn: asyncpg.Connection, *, mapping_id: UUID, identity: Identity, tracking_code: str | None, lock: bool = False
) -> Found:
    """A mapping the caller may see (404 otherwise)."""
    row = await queries.get_mapping(conn, mapping_id=mapping_id, lock=lock)
    if row is None:
        raise NotFound("No such skills mapping")
    access = access_to(
        identity, owner_sub=row["owner_sub"], tracking_hash=row["tracking_code_hash"], tracking_code=tracking_code
    )
    return Found(row, access)


async def representation(conn: asyncpg.Connection, found: Found, *, lang: str | None, today: date) -> dict[str, Any]:
    """The mapping with its result, texts in ``lang`` (else the person's language)."""
    row = found.row
    texts = language(lang, row["preferred_language"])
    ref = await reference_data(conn, municipality=row["municipality"])
    return mapping_json(
        row,
        access=found.access,
        lang=texts,
        result=evaluate(row["details"], ref, lang=texts, today=today),
        applications=await queries.applications_of(conn, mapping_id=row["id"]),
    )


async def create(
    pool: asyncpg.Pool,
    *,
    identity: Identity,
    data: Mapping[str, Any],
    key: str | None,
    today: date,
    municipality: str,
    lang: str | None = None,
) -> Outcome:
    """Record a mapping once per Idempotency-Key; without a sign-in the answer carries a tracking code, once."""
    owner, recorded_role, recorded_by = _recorder(identity)
    _checked(data, today=today)
    details = schema_instance(MappingInSchema).dump(data)
    place = details.pop("municipality", None) or municipality
    fingerprint = request_fingerprint("skills-mapping", place, details)
    async with transaction(pool) as conn:

        async def work() -> Outcome:
            code = new_tracking_code() if owner is None else None
            row = await queries.insert_mapping(
                conn, mapping_id=uuid.uuid4(), reference=new_reference(today.year), owner_sub=owner,
                tracking_hash=hash_tracking_code(code) if code else None, recorded_by=recorded_by,
                recorded_role=recorded_role, municipality=place, preferred_language=details["preferredLanguage"],
                details=details,
            )  # fmt: skip
            access = Access("caseworker" if recorded_role == "caseworker" else "owner", recorded_by)
            body = await representation(conn, Found(row, access), lang=lang, today=today)
            if code is not None:
                body["trackingCode"] = code
            return Outcome(201, body, keep=receipt_json(row))

        consumer = identity.consumer or identity.sub
        return await run_once(conn, schema=SCHEMA, consumer=consumer, key=key, fingerprint=fingerprint, work=work)


async def read(
    pool: asyncpg.Pool,
    *,
    mapping_id: UUID,
    identity: Identity,
    tracking_code: str | None,
    lang: str | None,
    today: date,
) -> dict[str, Any]:
    """A mapping with its result, for a reader entitled to it."""
    async with transaction(pool) as conn:
        found = await find(conn, mapping_id=mapping_id, identity=identity, tracking_code=tracking_code)
        return await representation(conn, found, lang=lang, today=today)


async def replace(
    pool: asyncpg.Pool,
    *,
    mapping_id: UUID,
    identity: Identity,
    tracking_code: str | None,
    if_match: str | None,
    data: Mapping[str, Any],
    today: date,
    lang: str | None = None,
) -> dict[str, Any]:
    """Replace what the mapping records (the person, or a caseworker correcting it), under If-Match."""
    _checked(data, today=today)
    details = schema_instance(MappingInSchema).dump(data)
    async with transaction(pool) as conn:
        found = await find(conn, mapping_id=mapping_id, identity=identity, tracking_code=tracking_code, lock=True)
        found.access.require_writable()
        require_mapping_version(if_match, found.row["version"])
        place = details.pop("municipality", None) or found.row["municipality"]
        row = await queries.update_mapping(
            conn, mapping_id=mapping_id, municipality=place, preferred_language=details["preferredLanguage"],
            details=details,
        )  # fmt: skip
        return await representation(conn, Found(row, found.access), lang=lang, today=today)


async def listing(
    pool: asyncpg.Pool, *, identity: Identity, after: list[Any] | None, limit: int
) -> list[dict[str, Any]]:
    """One page (limit + 1 rows, for the paging helper): staff see every mapping, a resident their own."""
    if identity.anonymous:
        raise Unauthorized("Sign in to see your skills mappings")
    if identity.kind != "person":
        raise Forbidden("Lists of skills mappings are for signed-in people")
    if identity.has_role(CASEWORKER_ROLE, AUDITOR_ROLE):
        owner = None
    elif identity.has_role(APPLICANT_ROLE):
        owner = identity.sub
    else:
        raise Forbidden("Residents see their own skills mappings, caseworkers and auditors all")
    key = (datetime.fromisoformat(after[0]), UUID(after[1])) if after else None
    async with pool.acquire() as conn:
        rows = await queries.list_mappings(conn, owner_sub=owner, after=key, limit=limit)
    return [item_json(r) for r in rows]


async def lookup(
    pool: asyncpg.Pool, *, reference: str, identity: Identity, tracking_code: str | None, lang: str | None, today: date
) -> dict[str, Any]:
    """A mapping found by its reference, for whoever proves access; else 404."""
    async with transaction(pool) as conn:
        mapping_id = await queries.id_by_reference(conn, reference=reference)
        if mapping_id is None:
            raise NotFound("No such skills mapping")
        found = await find(conn, mapping_id=mapping_id, identity=identity, tracking_code=tracking_code)
        return await representation(conn, found, lang=lang, today=today)
