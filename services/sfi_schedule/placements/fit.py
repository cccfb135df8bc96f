"""Matching both ways: the placements that fit a learner, and the learners who fit a placement.

A learner's busy time is read through ``matching.fit.needs_of`` — the one seam where a learner's own busy
windows and their agreed placements meet — and their SFI groups are expanded from the published documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.admin.common import found
from services.sfi_schedule.learners.domain import Standing, next_course
from services.sfi_schedule.matching.fit import needs_of
from services.sfi_schedule.placements import queries
from services.sfi_schedule.placements.access import require_staff, signed_in
from services.sfi_schedule.placements.domain import learner_level, pattern_windows
from services.sfi_schedule.placements.matching import (
    LearnerFacts,
    PlacementFacts,
    SfiGroup,
    Verdict,
    learners_for,
    placements_for,
)
from services.sfi_schedule.placements.messages import language_of, texts
from services.sfi_schedule.placements.service import today
from services.sfi_schedule.publications.domain import occurrences_of_doc
from services.sfi_schedule.wire import jsonable
from shared.errors import NotFound, ValidationFailed
from shared.identity import Identity

MAX_CANDIDATES = 5000  # learners judged for one placement (a municipality's SFI learners)


def placement_facts(row: Mapping[str, Any]) -> PlacementFacts:
    """A placement row as matching sees it."""
    location = (row["latitude"], row["longitude"]) if row["latitude"] is not None else None
    return PlacementFacts(
        id=row["id"], title=row["title"], kind=row["kind"], occupation=row["occupation"],
        workplace=row["workplace_name"], employer_kind=row["employer_kind"],
        hours=pattern_windows(row["hours"], row["start_date"], row["end_date"]), start=row["start_date"],
        end=row["end_date"], level=row["sfi_level"], languages=tuple(row["languages"]), location=location,
        district=row["district"], free_seats=max(0, row["seats"] - row["taken"]),
        registerkontroll=row["needs_registerkontroll"],
    )  # fmt: skip


def learner_facts(
    row: Mapping[str, Any], entries: Iterable[Mapping[str, Any]], within: tuple[date, date]
) -> LearnerFacts:
    """A learner row (with passes) and their SFI groups, expanded over ``within``."""
    entries = list(entries)
    needs = needs_of(row, course="")
    passed = frozenset(row["passed"])
    standing = Standing(path=row["path"], placement=row["placement_course"], passed=passed)
    level = learner_level(passed=passed, current=row["current_course"], studying=[e["course_code"] for e in entries],
                          next_up=next_course(standing))  # fmt: skip
    groups = tuple(SfiGroup(e["group_id"], e["name"], tuple(occurrences_of_doc(e["doc"], within))) for e in entries)
    return LearnerFacts(
        id=row["id"], name=row["display_name"], language=language_of(row["preferred_language"]), level=level,
        parent_with_child=needs.parent_with_child, location=needs.location, max_km=needs.max_km,
        district=needs.district, busy=needs.busy, groups=groups, protected=row["protected_identity"],
    )  # fmt: skip


def _summary(reasons: list[dict[str, Any]]) -> str:
    return ", ".join(r["text"] for r in reasons if r["key"] in ("fit.hours", "fit.period", "fit.distance_km"))


def _placement_json(v: Verdict, lang: str) -> dict[str, Any]:
    p, reasons = v.placement, texts(v.reasons, lang)
    return jsonable({
        "placementId": p.id, "title": p.title, "kind": p.kind, "occupation": p.occupation, "workplace": p.workplace,
        "employerKind": p.employer_kind, "startDate": p.start, "endDate": p.end, "freeSeats": p.free_seats,
        "score": v.score, "summary": _summary(reasons), "reasons": reasons, "whyNot": texts(v.why_not, lang),
    })  # fmt: skip


def _learner_json(v: Verdict, lang: str) -> dict[str, Any]:
    reasons = texts(v.reasons, lang)
    return jsonable({
        "learnerId": v.learner.id, "name": v.learner.name, "level": v.learner.level, "score": v.score,
        "summary": _summary(reasons), "reasons": reasons, "whyNot": texts(v.why_not, lang),
    })  # fmt: skip


async def _learner_row(conn: asyncpg.Connection, identity: Identity, asked: UUID | None) -> Any:
    if asked is not None:
        require_staff(identity)
        rows = await queries.learner_facts(conn, learner_id=asked)
    elif identity.kind == "person" and identity.has_role("resident"):
        rows = await queries.learner_facts(conn, subject=identity.sub)
    else:
        raise ValidationFailed.field("/learnerId", "name the learner (or sign in as the learner)")
    if not rows:
        raise NotFound("No such learner" if asked else "You have no SFI learner profile yet")
    return rows[0]


async def placements_for_learner(
    pool: asyncpg.Pool, *, identity: Identity, data: dict[str, Any], accept_language: str | None
) -> dict[str, Any]:
    """Open placements ranked for the learner, with reasons and why-nots in the learner's language."""
    signed_in(identity)
    day = today()
    async with pool.acquire() as conn:
        row = await _learner_row(conn, identity, data.get("learnerId"))
        offers = [r for r in await queries.current_placements(conn, today=day)
                  if data.get("kind") in (None, r["kind"])]  # fmt: skip
        held = {a["placement_id"] for a in await queries.open_agreements(conn, learner_id=row["id"])}
        entries = await queries.sfi_entries(conn, learner_ids=[row["id"]])
    lang = language_of(data.get("language") or row["preferred_language"] or accept_language)
    last = max((o["end_date"] for o in offers), default=day)
    facts = learner_facts(row, entries, (day, last))
    fits, misses = placements_for(facts, [placement_facts(o) for o in offers if o["id"] not in held], today=day)
    limit = data.get("limit", 20)
    return {
        "learnerId": str(row["id"]), "language": lang,
        "data": [_placement_json(v, lang) for v in fits[:limit]], "pageToken": None,
        "nearMisses": [_placement_json(v, lang) for v in misses[:limit]],
    }  # fmt: skip


async def learners_for_placement(
    pool: asyncpg.Pool, *, identity: Identity, placement_id: UUID, language: str | None, limit: int
) -> dict[str, Any]:
    """Learners ranked for a placement (staff); protected identities appear by name only, and are audited."""
    require_staff(identity)
    day = today()
    async with pool.acquire() as conn:
        placement = found(await queries.get_placement(conn, id=placement_id), "placement")
        rows = await queries.learner_facts(conn, limit=MAX_CANDIDATES)
        taken = {a["learner_id"] for a in await queries.open_agreements(conn, placement_id=placement_id)}
        rows = [r for r in rows if r["id"] not in taken]
        entries = await queries.sfi_entries(conn, learner_ids=[r["id"] for r in rows])
    by_learner: dict[UUID, list[Any]] = {}
    for e in entries:
        by_learner.setdefault(e["learner_id"], []).append(e)
    within = (max(day, placement["start_date"]), placement["end_date"])
    facts = [learner_facts(r, by_learner.get(r["id"], []), within) for r in rows]
    fits, misses = learners_for(placement_facts(placement), facts, today=day)
    shown = [*fits[:limit], *misses[:limit]]
    protected = [v.learner.id for v in shown if v.learner.protected]
    if protected:
        async with pool.acquire() as conn:
            await queries.audit_reads(conn, learner_ids=protected, reader=identity.sub, purpose="placement matching")
    lang = language_of(language)
    return {
        "placementId": str(placement_id), "language": lang,
        "data": [_learner_json(v, lang) for v in fits[:limit]], "pageToken": None,
        "nearMisses": [_learner_json(v, lang) for v in misses[:limit]],
    }  # fmt: skip
