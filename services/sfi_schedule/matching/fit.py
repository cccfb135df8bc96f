"""Needs of a stored learner (or of posted constraints), and the check wait-lists use before offering a seat."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.domain import path_reason, prerequisite_reason
from services.sfi_schedule.learners.profile import standing_of, windows_of
from services.sfi_schedule.matching import queries as matching_queries
from services.sfi_schedule.matching.catalogue import group_of_live_row
from services.sfi_schedule.matching.domain import Needs, Verdict, judge
from services.sfi_schedule.rules.eligibility import eligibility_reasons
from services.sfi_schedule.rules.reasons import Reason


def learner_blocks(
    profile: Mapping[str, Any], *, course: str, today: date, results: Iterable[Mapping[str, Any]] | None
) -> tuple[Reason, ...]:
    """Why the learner may take no group of ``course`` at all: eligibility and the course's prerequisites.

    ``results`` None means posted constraints, not a stored learner: only the study path is known then, so
    eligibility (date of birth, residence) and the order of courses are not judged.
    """
    if results is None:
        on_path = path_reason(profile["path"], course) if profile.get("path") else None
        return (on_path,) if on_path else ()
    found = eligibility_reasons(birth_date=profile.get("birth_date"), residence=profile.get("residence"), today=today)
    prerequisite = prerequisite_reason(standing_of(profile, results), course)
    return (*found, *((prerequisite,) if prerequisite else ()))


def needs_of(profile: Mapping[str, Any], *, course: str, blocked: tuple[Reason, ...] = ()) -> Needs:
    """Matching needs from a learner row, or a posted body mapped to the same columns (``blocked``:
    ``learner_blocks`` for the course)."""
    location = None
    if profile.get("latitude") is not None and profile.get("longitude") is not None:
        location = (profile["latitude"], profile["longitude"])
    return Needs(
        course=course,
        path=profile.get("path"),
        blocked=blocked,
        # The learner's own busy windows and the hours of their agreed work placements (sfi.placement_busy_windows).
        busy=windows_of(profile.get("busy_windows") or ()) + windows_of(profile.get("placement_windows") or ()),
        parent_with_child=bool(profile.get("parental_leave_child")),
        location=location,
        district=profile.get("district"),
        max_km=profile.get("max_travel_km"),
        dayparts=frozenset(profile.get("preferred_dayparts") or ()),
        distance_ok=bool(profile.get("distance_ok")),
        language=profile.get("preferred_language") or "sv",
    )


@dataclass(frozen=True, slots=True)
class Pair:
    """A stored learner with their results and a group's live published row (``queries.LIVE``), as read.

    ``learner`` None: no such learner; ``live`` None: the group is not live. ``learner`` carries the
    ``placement_windows`` of ``learners.queries.LEARNER_COLS``. The seat figures of ``live`` (free, waiting,
    freed) only rank and estimate the wait: a caller that reads only the rules' verdict may give zeros.
    """

    learner: Mapping[str, Any] | None
    results: list[Any]
    live: Mapping[str, Any] | None


async def read_pair(conn: asyncpg.Connection, *, learner_id: UUID, group_id: UUID) -> Pair:
    """The learner with their results and the group's live row, read now."""
    stored = await learners.with_results(conn, learner_id=learner_id)
    live = await matching_queries.live_group(conn, group_id=group_id)
    return Pair(*(stored or (None, [])), live)


async def verdict_for(
    conn: asyncpg.Connection, *, learner_id: UUID, group_id: UUID, config: SfiConfig, today: date
) -> tuple[Needs, Verdict] | None:
    """The stored learner judged against one live published group, as matching judges it (None: no such pair)."""
    return await verdict_of(conn, await read_pair(conn, learner_id=learner_id, group_id=group_id), config=config,
                            today=today)  # fmt: skip


async def verdict_of(
    conn: asyncpg.Connection, pair: Pair, *, config: SfiConfig, today: date
) -> tuple[Needs, Verdict] | None:
    """A pair read by the caller judged as matching judges it (None: no such learner or no live group)."""
    found = await group_of_live_row(
        conn, pair.live, today=today, weeks=config.match_horizon_weeks, evening_start=config.evening_start
    )
    if pair.learner is None or found is None:
        return None
    facts, rhythm = found
    blocks = learner_blocks(pair.learner, course=facts.course, today=today, results=pair.results)
    needs = needs_of(pair.learner, course=facts.course, blocked=blocks)
    return needs, judge(needs, facts, evening_start=config.evening_start, today=today, rhythm=rhythm)


def fit_check(config: SfiConfig, today: date):
    """A ``FitCheck``: may the waiting entry's learner take a seat in this group on ``today``?

    ``rules_only`` (an entry waiting for this very group, or naming it): no rule stands in the way. Otherwise
    ("any group that fits me") the group must fit as matching would propose it.
    """

    async def fits(conn: asyncpg.Connection, group_id: UUID, entry: asyncpg.Record, *, rules_only: bool) -> bool:
        judged = await verdict_for(conn, learner_id=entry["learner_id"], group_id=group_id, config=config, today=today)
        return judged is not None and (judged[1].may_enrol if rules_only else judged[1].fits)

    return fits
