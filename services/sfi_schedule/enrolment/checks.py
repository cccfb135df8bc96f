"""The rules an enrolment is checked against, shared by enrolling, moving, accepting an offer and the
eligibility answer: the learner, the group, the course's one active entry, matching's rules (``rule_refusals``),
the agreed work placements and the alternatives. Nothing here writes; a refusal is raised as the 4xx it is."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.enrolment.access import LearnerRef, checked_learner
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.busy import clash_conflict, placement_clash, span
from services.sfi_schedule.learners.queries import STORED_COLS
from services.sfi_schedule.matching.fit import Pair, read_pair, verdict_of
from services.sfi_schedule.publications.domain import occurrences_of_doc
from services.sfi_schedule.rules.messages import language_of, reasons_json
from services.sfi_schedule.rules.reasons import Reason
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed

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


async def checked_enrolment(
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
