"""Needs of a stored learner, and the fit check wait-lists use for "any group that fits me"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.learners.profile import windows_of
from services.sfi_schedule.matching.catalogue import published_group
from services.sfi_schedule.matching.domain import Needs, judge


def needs_of(profile: Mapping[str, Any], *, course: str) -> Needs:
    """Matching needs from a learner row (or a posted body mapped to the same column names)."""
    location = None
    if profile.get("latitude") is not None and profile.get("longitude") is not None:
        location = (profile["latitude"], profile["longitude"])
    return Needs(
        course=course,
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


def fit_check(config: SfiConfig):
    """A ``FitCheck``: does the waiting entry's learner fit this group (no collision, not too far, …)?"""

    async def fits(conn: asyncpg.Connection, group_id: UUID, entry: asyncpg.Record) -> bool:
        learner = await learners.by_id(conn, learner_id=entry["learner_id"])
        today = date.today()
        found = await published_group(
            conn, group_id=group_id, today=today, weeks=config.match_horizon_weeks, evening_start=config.evening_start
        )
        if learner is None or found is None:
            return False
        facts, rhythm = found
        needs = needs_of(learner, course=entry["course_code"])
        return judge(needs, facts, evening_start=config.evening_start, today=today, rhythm=rhythm).fits

    return fits
