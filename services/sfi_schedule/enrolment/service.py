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
from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.enrolment.access import LearnerRef, checked_learner, ensure_may_act, learner_ref
from services.sfi_schedule.enrolment.seats import fill_free_seats
from services.sfi_schedule.enrolment.views import enrolment_view
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.busy import clash_conflict, placement_clash, span
from services.sfi_schedule.learners.queries import STORED_COLS
from services.sfi_schedule.matching.fit import Pair, fit_check, read_pair, verdict_of
from services.sfi_schedule.publications.domain import occurrences_of_doc
from services.sfi_schedule.rules.messages import language_of, reasons_json
from services.sfi_schedule.rules.reasons import Reason
from shared.db import transaction
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.idempotency import Outcome, replay, replayed
from shared.identity import Identity

# Reads before an enrolment goes to the one transaction, when a placement keeps changing under the read.
AT_ONCE_ATTEMPTS = 3
COURSE_REASONS = "why_not.course."  # a course's prerequisites: refused on the request's /course (422)


async def locked_published_group(conn: asyncpg.Connection, group_id: UUID) -> asyncpg.Record:
    """The group row, locked; 404 unless it is published (learners see only published groups)."""
    group = await queries.lock_group(conn, group_id=group_id)
    if group is None or not group["published"]:
        raise NotFound("No such published group")
    return group


async def refuse_placement_clash(
    conn: asyncpg.Connection, *, learner_id: UUID, group_id: UUID, windows: list[Any] | None = None
) -> None:
    """409 naming the placement when the group's sessions fall in the learner's agreed placement hours.

    Locks the learner, as placement agreements and publications do, so the decisions are serialised; always
    before the group (the seat is taken afterwards, under the group's lock), the order publications keep too.
    ``windows``: the learner's windows, read by the caller after it took that lock (``enrolment_facts``).
    """
    if windows is None:
        windows = (await learners.placement_windows_of(conn, learner_ids=[learner_id]))[learner_id]["windows"]
    doc = await queries.published_doc(conn, group_id=group_id) if windows else None
    if doc is not None:
        found = placement_clash(windows, occurrences_of_doc(doc, span(windows)), group_id=str(group_id),
                                group_name=doc["name"])  # fmt: skip
        if found is not None:
            raise clash_conflict([found])


async def rule_refusals(
    conn: asyncpg.Connection,
    *,
    learner_id: UUID,
    group_id: UUID,
    config: SfiConfig,
    today: date,
    pair: Pair | None = None,
) -> tuple[tuple[Reason, ...], str | None, str]:
    """The reasons matching gives against the learner taking a seat in the group (``matching.domain.refusals``).

    Returns the reasons, the learner's preferred language (None when the pair is unknown) and the group's name.
    Enrolment (``refuse_by_rules``) and the eligibility answer (``eligibility.eligibility``) both use it.
    ``pair``: the learner and the group's live row when the caller has read them (``facts_pair``).
    """
    if pair is None:
        pair = await read_pair(conn, learner_id=learner_id, group_id=group_id)
    judged = await verdict_of(conn, pair, config=config, today=today)
    if judged is None:
        return (), None, ""
    needs, verdict = judged
    return tuple(verdict.refused), needs.language, verdict.group.name


def facts_pair(facts: asyncpg.Record) -> Pair:
    """The learner (with the placement windows read under their lock) and the live group of ``enrolment_facts``."""
    learner = facts_learner(facts)
    if learner is not None:
        learner["placement_windows"] = facts["placement_windows"]
    return Pair(learner, list(facts["results"]), facts if facts["group_id"] is not None else None)


def facts_learner(facts: asyncpg.Record) -> dict[str, Any] | None:
    """The learner's row in ``enrolment_facts`` (None when there is no such learner)."""
    return None if facts["id"] is None else {c: facts[c] for c in STORED_COLS}


async def refuse_by_rules(
    conn: asyncpg.Connection,
    *,
    learner_id: UUID,
    group_id: UUID,
    config: SfiConfig,
    today: date,
    accept_language: str | None,
    pair: Pair | None = None,
) -> None:
    """Refuse a seat for exactly the reasons matching gives (``rule_refusals``), then the locked check.

    A course's prerequisites are a 422 on ``/course``; the other rules (eligibility, a busy window, a parental-
    leave group, the evening study paths) a 409. Both carry ``reasons`` (key, params, text) in the learner's
    language. Then, under the learner's lock, the agreed work placements over their whole span (a 409 with the
    ``collision``), which serialises the decision with placement agreements. ``pair`` from ``facts_pair``:
    read with the learner locked, so nothing more is read here but a published document on a placement.
    """
    refused, preferred, name = await rule_refusals(conn, learner_id=learner_id, group_id=group_id, config=config,
                                                   today=today, pair=pair)  # fmt: skip
    lang = language_of(preferred or accept_language)
    reasons = reasons_json(refused, lang)
    course = [r["text"] for r in reasons if r["key"].startswith(COURSE_REASONS)]
    if course:
        error = ValidationFailed([FieldError("/course", text) for text in course])
        error.extra.update(reasons=reasons, language=lang)
        raise error
    windows = pair.learner["placement_windows"] if pair is not None and pair.learner is not None else None
    try:
        await refuse_placement_clash(conn, learner_id=learner_id, group_id=group_id, windows=windows)
    except Conflict as clash:
        clash.extra.update(reasons=reasons, language=lang)
        raise
    if reasons:
        raise Conflict(f"{name}: {'; '.join(r['text'] for r in reasons)}", extra={"reasons": reasons, "language": lang})


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
        facts = await queries.enrolment_facts_at_once(
            conn, group_id=ask.group_id, learner_id=ask.ref.learner_id, subject=ask.ref.subject, consumer=ask.consumer,
            key=ask.key,
        )  # fmt: skip
        if ask.key is not None and facts["key_hash"] is not None:
            return replayed(facts["key_hash"], facts["key_status"], facts["key_body"], fingerprint=ask.fingerprint)
        learner, course, alternatives = await _checked(
            conn, facts, ask.ref, ask.group_id, ask.data, ask.config, ask.today, ask.accept_language
        )
        try:
            row = await queries.enrol_at_once(
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
        facts = await queries.enrolment_facts(conn, group_id=ask.group_id, learner_id=ask.ref.learner_id,
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
        ctx = await queries.enrolment_facts(conn, group_id=group_id, learner_id=ref.learner_id, subject=ref.subject)
    learner, course, alternatives = await _checked(conn, ctx, ref, group_id, data, config, today, accept_language)
    row = await _take_seat(conn, course, group_id, learner, identity, alternatives, data, config, today, answer_key)
    return orjson.loads(row["answer"])


async def _checked(
    conn: asyncpg.Connection,
    ctx: asyncpg.Record,
    ref: LearnerRef,
    group_id: UUID,
    data: dict[str, Any],
    config: SfiConfig,
    today: date,
    accept_language: str | None,
) -> tuple[Mapping[str, Any], str, list[UUID]]:
    """Every rule of an enrolment against its facts (``enrolment_facts``): the learner, the course, the
    alternatives; raises the refusal otherwise."""
    learner = checked_learner(ref, facts_learner(ctx))
    if not ctx["published"]:
        raise NotFound("No such published group")
    course = ctx["course_code"]
    if ctx["end_date"] < today:
        raise Conflict(f"{ctx['name']} has ended")
    if ctx["active_id"] is not None:
        raise Conflict(
            f"You already have an active {ctx['active_status']} enrolment in course {course}; withdraw it or move it",
            extra={"enrolmentId": str(ctx["active_id"]), "groupId": str(ctx["active_group_id"])},
        )
    await refuse_by_rules(conn, learner_id=learner["id"], group_id=group_id, config=config, today=today,
                          accept_language=accept_language, pair=facts_pair(ctx))  # fmt: skip
    alternatives = await checked_alternatives(conn, course=course, group_id=group_id, ids=data["alternatives"])
    return learner, course, alternatives


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
            row = await queries.take_seat_answered(
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


async def checked_alternatives(conn: asyncpg.Connection, *, course: str, group_id: UUID, ids: list[UUID]) -> list[UUID]:
    """Alternatives must be other published groups of the same course."""
    if not ids:
        return []
    ok = set(await queries.published_of_course(conn, group_ids=ids, course=course))
    errors = [
        FieldError(f"/alternatives/{i}", f"not another published group of course {course}")
        for i, gid in enumerate(ids)
        if gid not in ok or gid == group_id
    ]
    if errors:
        raise ValidationFailed(errors)
    return list(dict.fromkeys(ids))


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
