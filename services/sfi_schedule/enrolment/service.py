"""Enrolment: enrol or join the wait-list, withdraw, move, accept or decline offers; every step logged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import orjson

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment import queries, seat_queries
from services.sfi_schedule.enrolment.access import LearnerRef, ensure_may_act, learner_ref
from services.sfi_schedule.enrolment.checks import checked_enrolment
from services.sfi_schedule.enrolment.seats import fill_free_seats
from services.sfi_schedule.enrolment.views import enrolment_view
from services.sfi_schedule.matching.fit import fit_check
from shared.db import transaction
from shared.errors import Conflict, NotFound
from shared.idempotency import Outcome, replay, replayed
from shared.identity import Identity

# Reads before an enrolment goes to the one transaction, when a placement keeps changing under the read.
AT_ONCE_ATTEMPTS = 3


async def enrol(
    pool: asyncpg.Pool,
    *,
    group_id: UUID,
    identity: Identity,
    data: dict[str, Any],
    key: str | None,
    fingerprint: str,
    config: SfiConfig,
    today: date,
    accept_language: str | None = None,
) -> Outcome:
    """Enrol while a seat is free, else join the wait-list; a retry with the same key gets the first answer.

    Two statements and no explicit transaction in the common case (``_enrol_at_once``); a seat that must
    first be offered to someone waiting, or placements that keep changing under the read, take the one
    transaction that can run Python under the group's lock (``_enrol_in_one_transaction``).
    """
    ask = _Ask(learner_ref(identity, data.get("learnerId")), group_id, identity, data, config, today, accept_language,
               consumer=identity.consumer or identity.sub, key=key, fingerprint=fingerprint)  # fmt: skip
    async with pool.acquire() as conn:
        outcome = await _enrol_at_once(conn, ask)
    return outcome if outcome is not None else await _enrol_in_one_transaction(pool, ask)


@dataclass(frozen=True, slots=True)
class _Ask:
    """One enrolment request, as both ways of taking the seat get it."""

    ref: LearnerRef
    group_id: UUID
    identity: Identity
    data: dict[str, Any]
    config: SfiConfig
    today: date
    accept_language: str | None
    consumer: str
    key: str | None
    fingerprint: str


async def _enrol_at_once(conn: asyncpg.Connection, ask: _Ask) -> Outcome | None:
    """The facts read on their own, every rule checked, then ``sfi.enrol_at_once`` (migration 103): it locks the
    learner, finds their placement windows unchanged, takes the seat and stores the answer with the key, and
    commits as it ends. None when the seat must go through ``_enrol_in_one_transaction``: a seat is free while
    someone waits, or the learner's placements changed under each of ``AT_ONCE_ATTEMPTS`` reads."""
    for _ in range(AT_ONCE_ATTEMPTS):
        facts = await seat_queries.enrolment_facts_at_once(
            conn, group_id=ask.group_id, learner_id=ask.ref.learner_id, subject=ask.ref.subject, consumer=ask.consumer,
            key=ask.key,
        )  # fmt: skip
        if ask.key is not None and facts["key_hash"] is not None:
            return replayed(facts["key_hash"], facts["key_status"], facts["key_body"], fingerprint=ask.fingerprint)
        learner, course, alternatives = await checked_enrolment(
            conn, facts, ask.ref, ask.group_id, ask.data, ask.config, ask.today, ask.accept_language
        )
        try:
            row = await seat_queries.enrol_at_once(
                conn, enrolment_id=uuid4(), learner_id=learner["id"], group_id=ask.group_id,
                alternatives=alternatives, any_fit=ask.data["anyGroupThatFits"], actor=ask.identity.sub,
                consumer=ask.consumer, key=ask.key, request_hash=ask.fingerprint, windows=facts["placement_windows"],
            )  # fmt: skip
        except asyncpg.UniqueViolationError as exc:
            if ask.key is not None and exc.constraint_name == "idempotency_keys_pkey":  # the key, another learner
                return await replay(conn, schema="sfi", consumer=ask.consumer, key=ask.key, fingerprint=ask.fingerprint)
            raise Conflict(f"You already have an active enrolment in course {course}") from None
        if row["outcome"] in ("enrolled", "waitlisted"):
            return Outcome(201, orjson.loads(row["answer"]))
        if row["outcome"] == "replay":
            return replayed(row["request_hash"], 201, orjson.loads(row["answer"]), fingerprint=ask.fingerprint)
        if row["outcome"] == "gone":
            raise NotFound("No such published group")
        if row["outcome"] == "serve_waiters":
            return None
        # stale: the placements changed since the read; read and check again
    return None


async def _enrol_in_one_transaction(pool: asyncpg.Pool, ask: _Ask) -> Outcome:
    """The enrolment in one transaction: the learner locked from the read on, seats offered to waiters first."""
    async with transaction(pool) as conn:
        # The key is claimed in the enrolment's first statement, as run_once would claim it in its own; the
        # answer is stored with it in the seat's statement, and the transaction commits right after that.
        claim = (ask.consumer, ask.key, ask.fingerprint) if ask.key is not None else None
        facts = await seat_queries.enrolment_facts(conn, group_id=ask.group_id, learner_id=ask.ref.learner_id,
                                              subject=ask.ref.subject, claim=claim)  # fmt: skip
        if ask.key is not None and not facts["claimed"]:
            return await replay(conn, schema="sfi", consumer=ask.consumer, key=ask.key, fingerprint=ask.fingerprint)
        body = await _enrol(
            conn, ask.group_id, ask.identity, ask.data, ask.config, ask.today, ask.accept_language, facts=facts,
            answer_key=(ask.consumer, ask.key) if ask.key is not None else None,
        )  # fmt: skip
        return Outcome(201, body)
    raise AssertionError("unreachable")  # pragma: no cover


async def enrol_in_transaction(
    conn: asyncpg.Connection,
    *,
    group_id: UUID,
    identity: Identity,
    data: dict[str, Any],
    config: SfiConfig,
    today: date,
    accept_language: str | None = None,
) -> dict[str, Any]:
    """Enrol (or wait-list) inside the caller's transaction, under every rule :func:`enrol` applies.

    For work that makes the learner in the same transaction (an application placed in person): a refusal
    rolls back the learner too.
    """
    return await _enrol(conn, group_id, identity, data, config, today, accept_language)


async def _enrol(
    conn: asyncpg.Connection,
    group_id: UUID,
    identity: Identity,
    data: dict[str, Any],
    config: SfiConfig,
    today: date,
    accept_language: str | None,
    answer_key: tuple[str, str] | None = None,
    facts: asyncpg.Record | None = None,
) -> dict[str, Any]:
    """Every rule of an enrolment is checked here, then the seat is taken under the group's lock.

    With ``answer_key`` (consumer, Idempotency-Key) the answer is stored with the key in the seat's statement;
    ``facts``: ``enrolment_facts`` when the caller has read them.
    """
    ref = learner_ref(identity, data.get("learnerId"))
    # One statement reads what the checks need; of the locks only the learner's (for the placement check): none
    # of the checks depends on the seats the group's lock serialises (a second active entry in the course
    # racing in is refused by the unique index instead).
    ctx = facts
    if ctx is None:
        ctx = await seat_queries.enrolment_facts(
            conn, group_id=group_id, learner_id=ref.learner_id, subject=ref.subject
        )
    learner, course, alternatives = await checked_enrolment(
        conn, ctx, ref, group_id, data, config, today, accept_language
    )
    row = await _take_seat(conn, course, group_id, learner, identity, alternatives, data, config, today, answer_key)
    return orjson.loads(row["answer"])


async def _take_seat(
    conn: asyncpg.Connection,
    course: str,
    group_id: UUID,
    learner: Mapping[str, Any],
    identity: Identity,
    alternatives: list[UUID],
    data: dict[str, Any],
    config: SfiConfig,
    today: date,
    answer_key: tuple[str, str] | None,
) -> asyncpg.Record:
    """The locked section: decide, insert, place, log and answer in one call; earlier waiters get a free seat
    first. Nothing but the COMMIT runs after it while the group is locked."""
    served = False
    consumer, key = answer_key or (None, None)
    while True:
        try:
            row = await seat_queries.take_seat_answered(
                conn, enrolment_id=uuid4(), learner_id=learner["id"], group_id=group_id, alternatives=alternatives,
                any_fit=data["anyGroupThatFits"], actor=identity.sub, waiters_served=served, consumer=consumer,
                key=key,
            )  # fmt: skip
        except asyncpg.UniqueViolationError:
            raise Conflict(f"You already have an active enrolment in course {course}") from None
        if row["outcome"] == "gone":
            raise NotFound("No such published group")
        if row["outcome"] != "serve_waiters":
            return row
        # Rare: a seat is free while someone waits who may take it (a freed seat not yet offered).
        group = await queries.lock_group(conn, group_id=group_id)  # held already: this only reads the row
        fits = fit_check(config, today)
        await fill_free_seats(conn, group, hours=config.offer_hours, fits=fits, actor=identity.sub)
        served = True


async def end_entry(
    conn: asyncpg.Connection,
    entry: asyncpg.Record,
    *,
    status: str,
    reason: str,
    actor: str,
    config: SfiConfig,
    today: date,
) -> asyncpg.Record:
    """End an active entry (withdrawn or completed): cancel its offer, log, and offer the freed seat onwards."""
    offer = await queries.open_offer_of(conn, enrolment_id=entry["id"]) if entry["status"] == "offered" else None
    seat_group = await queries.lock_group(conn, group_id=offer["group_id"] if offer else entry["group_id"])
    entry = await queries.get_enrolment(conn, enrolment_id=entry["id"], lock=True)
    if entry["status"] not in queries.ACTIVE:
        raise Conflict(f"This enrolment is already {entry['status']}")
    offer = await queries.open_offer_of(conn, enrolment_id=entry["id"])
    if offer is not None:
        await queries.close_offer(conn, offer_id=offer["id"], status="cancelled")
    row = await queries.set_status(conn, enrolment_id=entry["id"], status=status)
    await queries.log(
        conn, action=status, reason=reason, actor=actor, group_id=seat_group["id"], learner_id=entry["learner_id"],
        enrolment_id=entry["id"], offer_id=offer["id"] if offer else None, details={"was": entry["status"]},
    )  # fmt: skip
    if entry["status"] in ("enrolled", "offered"):
        await fill_free_seats(conn, seat_group, hours=config.offer_hours, fits=fit_check(config, today), actor=actor)
    return row


async def withdraw(
    pool: asyncpg.Pool, *, enrolment_id: UUID, identity: Identity, config: SfiConfig, today: date
) -> dict[str, Any]:
    """Leave a group or its wait-list; a freed seat goes to the first in line as an offer."""
    async with transaction(pool) as conn:
        entry = await queries.get_enrolment(conn, enrolment_id=enrolment_id)
        if entry is None:
            raise NotFound("No such enrolment")
        await ensure_may_act(conn, identity, entry)
        if entry["status"] not in queries.ACTIVE:
            raise Conflict(f"This enrolment is already {entry['status']}")
        who = "the learner" if identity.kind == "person" and identity.has_role("resident") else identity.sub
        row = await end_entry(
            conn, entry, status="withdrawn", reason=f"withdrawn by {who}", actor=identity.sub, config=config,
            today=today,
        )  # fmt: skip
        return await enrolment_json(conn, row)


async def enrolment_json(conn: asyncpg.Connection, row: asyncpg.Record) -> dict[str, Any]:
    name = await queries.group_name(conn, group_id=row["group_id"])
    place = None
    if row["status"] == "waitlisted":
        place = await queries.position(conn, group_id=row["group_id"], queue_seq=row["queue_seq"])
    offer = await queries.open_offer_of(conn, enrolment_id=row["id"])
    return enrolment_view(row, group_name=name, position=place, offer=offer)


async def get_enrolment(pool: asyncpg.Pool, *, enrolment_id: UUID, identity: Identity) -> dict[str, Any]:
    """One enrolment, for its learner or those acting for learners."""
    async with pool.acquire() as conn:
        row = await queries.get_enrolment(conn, enrolment_id=enrolment_id)
        if row is None:
            raise NotFound("No such enrolment")
        await ensure_may_act(conn, identity, row)
        return await enrolment_json(conn, row)
