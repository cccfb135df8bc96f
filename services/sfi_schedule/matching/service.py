"""Matching a learner (posted constraints or the stored profile) against the published groups."""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.domain import next_course
from services.sfi_schedule.learners.profile import COLUMNS, columns_of, standing_of
from services.sfi_schedule.matching.catalogue import published_groups
from services.sfi_schedule.matching.domain import Reason, Verdict, rank
from services.sfi_schedule.matching.fit import needs_of
from services.sfi_schedule.matching.messages import language_of, render
from services.sfi_schedule.wire import Page, slice_after
from shared.errors import NotFound, ValidationFailed
from shared.identity import Identity
from shared.pagination import PageRequest


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
    page: PageRequest,
) -> Page:
    """A page of the groups that fit, best first, and (on the first page) near misses with why not.

    The reasons are in the learner's language: the request's, the profile's, or Accept-Language.
    """
    today = date.today()
    async with pool.acquire() as conn:
        profile, course = await _profile_and_course(conn, data, identity)
        lang = language_of(data.get("language") or profile.get("preferred_language") or accept_language)
        if course is None:
            return Page([], None, {"course": None, "language": lang, "nearMisses": []})
        groups = await published_groups(
            conn, course=course, today=today, weeks=config.match_horizon_weeks, evening_start=config.evening_start
        )
    needs = needs_of(profile, course=course)
    facts = [g for g, _ in groups]
    rhythms = {g.id: rhythm for g, rhythm in groups}
    fits, misses = rank(needs, facts, evening_start=config.evening_start, today=today, rhythms=rhythms)
    shown = slice_after(fits, _page_key, page)
    near = [] if page.after else misses[: page.limit]
    extra = {"course": course, "language": lang,
             "nearMisses": [{**_verdict(v, lang), "whyNot": _texts(v.why_not, lang)} for v in near]}  # fmt: skip
    return Page([_verdict(v, lang) for v in shown.items], shown.last, extra)


def _page_key(v: Verdict) -> list[Any]:
    """The ranking of ``domain.order_key`` as JSON values (instants in UTC ISO form), for page tokens."""
    start = v.next_start.astimezone(UTC).isoformat() if v.next_start else ""
    return [-v.score, int(v.next_start is None), start, v.group.name, str(v.group.id)]


def _texts(reasons: tuple[Reason, ...], lang: str) -> list[dict[str, Any]]:
    return [{"key": r.key, "params": r.params, "text": render(r, lang)} for r in reasons]


def _verdict(v: Verdict, lang: str) -> dict[str, Any]:
    """A verdict as JSON values (reason parameters are JSON values already)."""
    reasons = _texts(v.reasons, lang)
    summary = ", ".join(r["text"] for r in reasons if r["key"] in ("fit.when", "fit.distance_km", "fit.distance_study"))
    g = v.group
    return {
        "groupId": str(g.id), "name": g.name, "score": v.score, "summary": summary, "reasons": reasons,
        "variant": g.variant, "venueKind": g.venue_kind, "freeSeats": g.free_seats, "waiting": g.waiting,
        "nextStart": v.next_start.isoformat() if v.next_start else None, "expectedWaitWeeks": v.expected_wait_weeks,
    }  # fmt: skip
