"""Matching a learner (posted constraints or the stored profile) against the published groups."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.domain import next_course
from services.sfi_schedule.learners.profile import COLUMNS, columns_of, standing_of
from services.sfi_schedule.matching.catalogue import published_facts
from services.sfi_schedule.matching.domain import Reason, Verdict, rank
from services.sfi_schedule.matching.fit import needs_of
from services.sfi_schedule.matching.messages import language_of, render
from services.sfi_schedule.wire import jsonable
from shared.errors import NotFound, ValidationFailed
from shared.identity import Identity


async def _profile_and_course(conn: asyncpg.Connection, data: dict[str, Any], identity: Identity) -> tuple[Any, Any]:
    if data.get("constraints") is not None:
        if data.get("course") is None:
            raise ValidationFailed.field("/course", "name the course to match when you give constraints")
        profile = columns_of({k: v for k, v in data["constraints"].items() if k in COLUMNS})
        return profile, data["course"]
    if identity.kind != "person":
        raise ValidationFailed.field("/constraints", "give the learner's constraints (or sign in as the learner)")
    row = await learners.by_subject(conn, subject=identity.sub)
    if row is None:
        raise NotFound("You have no SFI learner profile yet; create it with PUT /v1/learners/me or send constraints")
    course = data.get("course") or next_course(standing_of(row, await learners.results_of(conn, learner_id=row["id"])))
    return dict(row), course


async def match(
    pool: asyncpg.Pool,
    *,
    data: dict[str, Any],
    identity: Identity,
    config: SfiConfig,
    accept_language: str | None,
) -> dict[str, Any]:
    """Ranked groups that fit, and near misses with why not, in the learner's language."""
    today = date.today()
    async with pool.acquire() as conn:
        profile, course = await _profile_and_course(conn, data, identity)
        lang = language_of(data.get("language") or profile.get("preferred_language") or accept_language)
        if course is None:
            return {"course": None, "language": lang, "matches": [], "nearMisses": []}
        groups = await published_facts(conn, course=course, today=today, weeks=config.match_horizon_weeks)
    needs = needs_of(profile, course=course)
    fits, misses = rank(needs, groups, evening_start=config.evening_start, today=today)
    limit = data.get("limit", 20)
    return {
        "course": course,
        "language": lang,
        "matches": [_verdict(v, lang) for v in fits[:limit]],
        "nearMisses": [{**_verdict(v, lang), "whyNot": _texts(v.why_not, lang)} for v in misses[:limit]],
    }


def _texts(reasons: tuple[Reason, ...], lang: str) -> list[dict[str, Any]]:
    return [{"key": r.key, "params": r.params, "text": render(r, lang)} for r in reasons]


def _verdict(v: Verdict, lang: str) -> dict[str, Any]:
    reasons = _texts(v.reasons, lang)
    summary = ", ".join(r["text"] for r in reasons if r["key"] in ("fit.when", "fit.distance_km", "fit.distance_study"))
    g = v.group
    return jsonable(
        {
            "groupId": g.id, "name": g.name, "score": v.score, "summary": summary, "reasons": reasons,
            "variant": g.variant, "venueKind": g.venue_kind, "freeSeats": g.free_seats, "waiting": g.waiting,
            "nextStart": v.next_start, "expectedWaitWeeks": v.expected_wait_weeks,
        }
    )  # fmt: skip
