"""SFI applications without e-ID: submit (reference + tracking code), follow with the code, place in person."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import asyncpg

from services.sfi_schedule.applications import queries
from services.sfi_schedule.applications.present import placement, receipt, staff_view
from services.sfi_schedule.applications.schemas import SfiApplicationConstraintsSchema
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment import queries as enrolments
from services.sfi_schedule.enrolment.service import enrol_in_transaction, enrolment_json
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.domain import busy_window_errors
from services.sfi_schedule.learners.profile import columns_of, windows_of
from services.sfi_schedule.rules.domain import add_months
from services.sfi_schedule.wire import Page, cut
from shared.body import schema_instance
from shared.db import transaction
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.idempotency import Outcome, request_fingerprint, run_once
from shared.identity import Identity
from shared.pagination import PageRequest
from shared.personnummer import InvalidIdentityNumber, parse_identity_number
from shared.tracking import hash_tracking_code, new_reference, new_tracking_code, tracking_code_matches

STAFF_ROLE = "sfi_admin"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOT_FOUND = "No such application"  # one answer for an unknown reference and a wrong tracking code


def _checked(data: dict[str, Any], today: date) -> None:
    """The checks a schema cannot make: busy windows that make sense, a birth date already past."""
    windows = windows_of(data["constraints"].get("busyWindows", []))
    errors = busy_window_errors(windows, pointer="/constraints/busyWindows")
    if data["birthDate"] is not None and data["birthDate"] > today:
        errors.append(FieldError("/birthDate", "cannot be a day still to come"))
    if errors:
        raise ValidationFailed(errors)


async def submit(
    pool: asyncpg.Pool, *, identity: Identity, data: dict[str, Any], key: str | None, today: date
) -> Outcome:
    """Store the application once per Idempotency-Key; the first answer alone carries the tracking code.

    A replay answers with the receipt kept with the key: the same reference, no new code (the one the
    applicant holds keeps working), and neither name nor contact for whoever presents the same key and body.
    """
    _checked(data, today)
    constraints = schema_instance(SfiApplicationConstraintsSchema).dump(data["constraints"])
    fingerprint = request_fingerprint("sfi-application", {**data, "constraints": constraints})
    async with transaction(pool) as conn:

        async def work() -> Outcome:
            code = new_tracking_code()
            row = await queries.insert(
                conn, application_id=uuid4(), reference=new_reference("SFI", today.year),
                tracking_hash=hash_tracking_code(code), d={
                    "course": data["course"], "path": data["path"], "constraints": json.dumps(constraints),
                    "name": data["name"], "email": data["contact"]["email"], "phone": data["contact"]["phone"],
                    "preferred_language": data["preferredLanguage"], "birth_date": data["birthDate"],
                    "residence": data["residence"], "protected_identity": data["protectedIdentity"],
                },
            )  # fmt: skip
            # Only the receipt is kept with the key: the idempotency table holds no personal data and no code.
            return Outcome(201, {**receipt(row), "trackingCode": code}, keep=receipt(row))

        consumer = identity.consumer or identity.sub
        return await run_once(conn, schema="sfi", consumer=consumer, key=key, fingerprint=fingerprint, work=work)
    raise AssertionError("unreachable")  # pragma: no cover


async def _placement_of(conn: asyncpg.Connection, row: asyncpg.Record) -> dict[str, Any] | None:
    if row["enrolment_id"] is None:
        return None
    entry = await enrolments.get_enrolment(conn, enrolment_id=row["enrolment_id"])
    return placement(await enrolment_json(conn, entry)) if entry is not None else None


async def read(pool: asyncpg.Pool, *, reference: str, identity: Identity, tracking_code: str | None) -> dict[str, Any]:
    """The application for the holder of its code (state and outcome) or an SFI administrator (all of it).

    Anyone else gets the same 404 whether the reference exists or not; the code is compared even when it does
    not, so the answer takes as long either way.
    """
    async with pool.acquire() as conn:
        row = await queries.by_reference(conn, reference=reference.strip().upper())
        staff = identity.kind == "person" and identity.has_role(STAFF_ROLE)
        matches = tracking_code_matches(tracking_code, row["tracking_code_hash"] if row else None)
        if row is None or not (staff or matches):
            raise NotFound(NOT_FOUND)
        if staff and row["protected_identity"]:
            await queries.audit_read(conn, application_id=row["id"], reader=identity.sub)
        body = staff_view(row) if staff else receipt(row)
        return {**body, "placement": await _placement_of(conn, row)}


async def waiting(pool: asyncpg.Pool, *, identity: Identity, state: str, page: PageRequest) -> Page:
    """A page of applications in ``state`` for SFI administrators, oldest first."""
    identity.require_role(STAFF_ROLE)
    after = None
    if page.after is not None:
        after = (datetime.fromisoformat(page.after[0]), UUID(page.after[1]))
    async with pool.acquire() as conn:
        rows = await queries.page(conn, state=state, after=after, limit=page.limit + 1)
    shown = cut(rows, page, lambda r: [r["submitted_at"].isoformat(), str(r["id"])])
    return Page([staff_view(r, listing=True) for r in shown.items], shown.last)


def _number(data: dict[str, Any], today: date) -> str | None:
    """The personal number seen at the identity check as 12 digits (shared.personnummer's rules), if any."""
    raw = data["identityCheck"].get("personalNumber")
    if raw is None or not str(raw).strip():
        return None
    try:
        return parse_identity_number(raw, today=today).digits
    except InvalidIdentityNumber as exc:
        raise ValidationFailed.field(
            "/identityCheck/personalNumber", f"not a valid personal or coordination number: {exc}"
        ) from None


def _profile_of(row: asyncpg.Record, data: dict[str, Any]) -> dict[str, Any]:
    """The learner's row values from the application and what the administrator confirmed in person."""
    stored = schema_instance(SfiApplicationConstraintsSchema).load(row["constraints"])
    path = data["path"] or row["path"]
    if path is None:
        raise ValidationFailed.field("/path", "give the study path (the application did not say)")
    values = columns_of({
        **stored, "path": path, "displayName": row["display_name"], "email": row["email"], "phone": row["phone"],
        "protectedIdentity": row["protected_identity"], "preferredLanguage": row["preferred_language"],
        "birthDate": data["birthDate"] or row["birth_date"], "residence": data["residence"] or row["residence"],
        "rightAroseOn": data["rightAroseOn"] or row["submitted_at"].astimezone(STOCKHOLM).date(),
    })  # fmt: skip
    values["establishment_programme"] = False  # not asked: an administrator records it on the profile
    return values


async def _learner_for(conn: asyncpg.Connection, row: asyncpg.Record, data: dict[str, Any], number: str | None):
    """The learner the person already is (same personal number), else a new one made from the application."""
    if number is not None:
        found = await learners.by_personal_number(conn, personal_number=number)
        if found is not None:
            return found
    return await learners.insert(
        conn, learner_id=uuid4(), subject=f"sfi-application:{row['id']}", d=_profile_of(row, data),
        personal_number=number,
    )  # fmt: skip


async def place(
    pool: asyncpg.Pool,
    *,
    reference: str,
    identity: Identity,
    data: dict[str, Any],
    key: str | None,
    config: SfiConfig,
    today: date,
    accept_language: str | None,
) -> Outcome:
    """Record the identity check and enrol the person (or wait-list them) through the enrolment service.

    Everything happens in one transaction: a refusal by any enrolment rule leaves the application waiting and
    makes no learner. The personal number is not part of the idempotency fingerprint (a hash of a number
    is no secret), only whether one was given.
    """
    identity.require_role(STAFF_ROLE)
    number = _number(data, today)
    shown = {**data, "identityCheck": {"document": data["identityCheck"]["document"], "number": number is not None}}
    fingerprint = request_fingerprint("place-sfi-application", reference, shown)
    async with transaction(pool) as conn:

        async def work() -> Outcome:
            row = await _waiting(conn, reference)
            learner = await _learner_for(conn, row, data, number)
            if data["placementCourse"] is not None:
                await learners.set_placement(conn, learner_id=learner["id"], course=data["placementCourse"],
                                             decided_on=today, decided_by=identity.sub)  # fmt: skip
            entry = await enrol_in_transaction(
                conn, group_id=data["groupId"], identity=identity, config=config, today=today,
                accept_language=accept_language,
                data={"learnerId": learner["id"], "alternatives": data["alternatives"],
                      "anyGroupThatFits": data["anyGroupThatFits"]},
            )  # fmt: skip
            placed = await queries.mark_placed(
                conn, application_id=row["id"], document=data["identityCheck"]["document"], by=identity.sub,
                learner_id=learner["id"], enrolment_id=UUID(entry["id"]),
            )  # fmt: skip
            return Outcome(201, {**staff_view(placed), "placement": placement(entry)})

        return await run_once(conn, schema="sfi", consumer=identity.consumer or identity.sub, key=key,
                              fingerprint=fingerprint, work=work)  # fmt: skip
    raise AssertionError("unreachable")  # pragma: no cover


async def _waiting(conn: asyncpg.Connection, reference: str) -> asyncpg.Record:
    """The application locked for a decision: 404 unknown, 409 once decided (two administrators at once)."""
    row = await queries.by_reference(conn, reference=reference.strip().upper(), lock=True)
    if row is None:
        raise NotFound(NOT_FOUND)
    if row["state"] != "waiting":
        raise Conflict(f"This application is already {row['state']}", extra={"state": row["state"]})
    return row


async def reject(pool: asyncpg.Pool, *, reference: str, identity: Identity, reason: str) -> dict[str, Any]:
    """Close a waiting application without a place; the applicant reads the reason with their code."""
    identity.require_role(STAFF_ROLE)
    async with transaction(pool) as conn:
        row = await _waiting(conn, reference)
        return staff_view(await queries.mark_rejected(conn, application_id=row["id"], by=identity.sub, note=reason))


async def purge(pool: asyncpg.Pool, *, today: date, months: int) -> int:
    """Forget applications past retention: decided ones ``months`` after the decision, waiting ones likewise."""
    cutoff = datetime.combine(add_months(today, -months), time.min, STOCKHOLM)
    async with transaction(pool) as conn:
        return await queries.purge(conn, decided_before=cutoff, waiting_before=cutoff)
