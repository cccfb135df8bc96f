"""Demo learners and enrolments for ``lotsen up --demo``: Amal (the demo resident), a full group with a queue,
and a learner close to the 3-month start guarantee. Called by ``services/sfi_schedule/demo.py`` after publishing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid5

import asyncpg

from services.sfi_schedule.enrolment import queries, seat_queries
from services.sfi_schedule.learners import queries as learners
from shared.demo import DEMO_PEOPLE

NS = UUID("1c6b0a52-7d1e-5b7f-9a3c-2e4f6a8b0c1d")
AMAL_WORK = [{"weekdays": [1, 2, 3, 4, 5], "start": "07:00", "end": "16:00", "kind": "work"}]
QUEUE_NAMES = ["Ali", "Beatriz", "Chen", "Dawit", "Elif", "Farah", "Goran", "Hodan", "Irina", "Jamal", "Kofi", "Lina",
               "Mehmet", "Nadia", "Omar", "Parisa", "Quang", "Rahel", "Samir", "Tigist"]  # fmt: skip


def _profile(name: str, *, path: int, arose_days_ago: int, today: date, **extra: Any) -> dict[str, Any]:
    base = {
        "display_name": name, "email": None, "phone": None, "protected_identity": False, "path": path,
        "current_course": None, "preferred_language": "sv", "busy_windows": [], "parental_leave_child": False,
        "district": "Centrum", "latitude": None, "longitude": None, "max_travel_km": None, "preferred_dayparts": [],
        "distance_ok": False, "right_arose_on": today - timedelta(days=arose_days_ago),
        "establishment_programme": False, "birth_date": date(1990, 5, 17), "residence": "resident",
    }  # fmt: skip
    return {**base, **extra}


async def _learner(conn: asyncpg.Connection, subject: str, profile: dict[str, Any]) -> UUID:
    row = await learners.insert(conn, learner_id=uuid5(NS, subject), subject=subject, d=profile, personal_number=None)
    return row["id"]


async def _enrol(conn: asyncpg.Connection, group_id: UUID, learner_id: UUID) -> None:
    await seat_queries.take_seat_answered(
        conn, enrolment_id=uuid5(NS, f"{group_id}/{learner_id}"), learner_id=learner_id, group_id=group_id,
        alternatives=[], any_fit=False, actor="demo", waiters_served=True, consumer=None, key=None,
        reason="demo data",
    )  # fmt: skip


async def seed_enrolment_demo(conn: asyncpg.Connection, *, today: date) -> None:
    """Create the demo learners and enrolments once (a second call changes nothing)."""
    for typename in ("json", "jsonb"):  # the service pool's codecs, in case the caller's connection lacks them
        await conn.set_type_codec(typename, encoder=lambda v: json.dumps(v, default=str), decoder=json.loads,
                                  schema="pg_catalog")  # fmt: skip
    amal_sub = DEMO_PEOPLE["resident"][0]
    if await learners.by_subject(conn, subject=amal_sub) is not None:
        return
    amal = await _learner(conn, amal_sub, _profile(
        DEMO_PEOPLE["resident"][1], path=2, arose_days_ago=40, today=today, current_course="C",
        preferred_language="ar", busy_windows=AMAL_WORK, latitude=59.3326, longitude=18.0649, max_travel_km=8.0,
        preferred_dayparts=["evening"]))  # fmt: skip
    await learners.insert_result(
        conn, result_id=uuid5(NS, "amal/B"), learner_id=amal,
        d={"course": "B", "grade": "G", "decided_on": today - timedelta(days=20)}, recorded_by="demo",
    )  # fmt: skip
    evening_c = await queries.smallest_published(conn, course="C", variant="evening")
    if evening_c is not None:
        await _enrol(conn, evening_c["group_id"], amal)
    full = await queries.smallest_published(conn, course="B", variant="evening")
    if full is None:
        return
    seats = full["capacity"] + 4  # four in the queue
    for i in range(seats):
        name = f"{QUEUE_NAMES[i % len(QUEUE_NAMES)]} {i + 1}"
        profile = _profile(name, path=2, arose_days_ago=30 + i * 3, today=today)
        learner = await _learner(conn, f"demo-learner-{i + 1:02d}", profile)
        await _enrol(conn, full["group_id"], learner)
