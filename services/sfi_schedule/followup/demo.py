"""Follow-up demo data: learners over the past years with their SFI starts, results and outcome records.

``lotsen up --demo`` seeds a few hundred people over three years (``seed_demo``); the benchmark plans the same
shape at municipal scale (``plan`` with more people and years). Everything is drawn from one seeded random
generator relative to ``today``, so a test can seed the same data and compute the figures itself. The groups
of past terms are archived (soft-deleted) when created: they are history, neither drafts nor published.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from services.sfi_schedule.followup import queries

NS = uuid.UUID("8d3c2a61-4b7e-5f90-a1c2-3e4f5a6b7c8d")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEMO_PEOPLE = 360
DEMO_YEARS = 3  # the default window is three calendar years, and the 24-month horizon needs people
FIRST_SUBJECT = "demo-followup-00000"
PATH_COURSES = {1: "ABCD", 2: "BCD", 3: "CD"}
SECOND_PROVIDER = ("Lärcentrum Hamnen AB", "Lärcentrum Hamnen")
SSYK = ("5321", "5311", "5312", "5120", "8331", "9111", "4222", "7112")
WORKER = "demo-caseworker-karin"
SOURCES = ("caseworker", "self_reported", "arbetsformedlingen")
# (kind, detail) drawn for a record, before and after the learner is done with SFI; weights per mille.
DURING = (("studies:sfi", 520), ("work", 200), ("studies:komvux", 50), ("placement", 90), ("parental_leave", 70),
          ("job_seeking", 70))  # fmt: skip
AFTER = (("work", 600), ("studies:komvux", 150), ("studies:other", 40), ("job_seeking", 110),
         ("parental_leave", 50), ("placement", 30), ("other", 20))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Venue:
    """Where archived groups are placed, with how many learners it draws (a small one makes small cells)."""

    id: uuid.UUID
    provider_id: uuid.UUID
    weight: int


@dataclass
class Plan:
    """Rows for each table, in the columns of :data:`COLUMNS`."""

    learners: list[tuple] = field(default_factory=list)
    persons: list[tuple] = field(default_factory=list)
    groups: list[tuple] = field(default_factory=list)
    enrolments: list[tuple] = field(default_factory=list)
    results: list[tuple] = field(default_factory=list)
    outcomes: list[tuple] = field(default_factory=list)


COLUMNS = {
    "groups": ("id", "provider_id", "name", "course_code", "path", "variant", "venue_id", "capacity", "start_date",
               "end_date", "deleted_at"),
    "learners": ("id", "subject", "display_name", "path", "right_arose_on", "establishment_programme", "district"),
    "followup_persons": ("learner_id", "sex", "arrived_on", "recorded_by"),
    "enrolments": ("id", "learner_id", "group_id", "course_code", "status", "queue_seq", "queued_at", "requested_by",
                   "enrolled_at", "ended_at"),
    "course_results": ("id", "learner_id", "course_code", "grade", "decided_on", "group_id", "recorded_by"),
    "outcome_records": ("id", "learner_id", "observed_on", "kind", "ssyk", "extent_percent", "employment_form",
                        "study_kind", "placement_kind", "source", "recorded_by", "recorded_kind", "recorded_at",
                        "retracted_at", "retracted_by"),
}  # fmt: skip
TABLES = {"groups": "groups", "learners": "learners", "persons": "followup_persons", "enrolments": "enrolments",
          "results": "course_results", "outcomes": "outcome_records"}  # fmt: skip


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), STOCKHOLM).astimezone(UTC)


def _pick(rnd: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rnd.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _outcome(rnd: random.Random, plan: Plan, learner: uuid.UUID, day: date, done_with_sfi: bool) -> None:
    choice = _pick(rnd, AFTER if done_with_sfi else DURING)
    kind, _, detail = choice.partition(":")
    work = kind == "work"
    row = (uuid.UUID(int=rnd.getrandbits(128)), learner, day, kind,
           rnd.choice(SSYK) if work and rnd.random() < 0.9 else None,
           rnd.choice((25, 50, 75, 100, 100)) if work else None,
           rnd.choice(("permanent", "fixed_term", "hourly", "subsidised")) if work else None,
           detail or None if kind == "studies" else None,
           rnd.choice(("yrkespraktik", "sprakpraktik")) if kind == "placement" else None,
           rnd.choice(SOURCES), WORKER, "person", _at(day, 15))  # fmt: skip
    if rnd.random() < 0.03:  # a mistake, retracted and recorded again: the retracted one must not count
        plan.outcomes.append((uuid.UUID(int=rnd.getrandbits(128)), learner, day, "other", None, None, None, None,
                              None, *row[9:], _at(day, 16), WORKER))  # fmt: skip
    plan.outcomes.append((*row, None, None))


def _study(rnd: random.Random, plan: Plan, learner: uuid.UUID, path: int, start: date, today: date,
           groups: dict[tuple[uuid.UUID, str], uuid.UUID], venue: Venue) -> date | None:  # fmt: skip
    """Courses along the path from ``start``; returns the day SFI was done (D passed) or None."""
    day = start
    for course in PATH_COURSES[path]:
        group = groups[(venue.id, course)]
        dropped = rnd.random() < 0.05
        ends = day + timedelta(days=rnd.randint(80, 220))
        finished = ends <= today and not dropped
        status = "completed" if finished else "withdrawn" if dropped else "enrolled"
        plan.enrolments.append((uuid.UUID(int=rnd.getrandbits(128)), learner, group, course, status, 0, _at(day, 8),
                                "demo", _at(day), _at(ends) if finished or dropped else None))  # fmt: skip
        if dropped or not finished:
            return None
        grade = "G" if rnd.random() < 0.86 else "IG"
        plan.results.append((uuid.UUID(int=rnd.getrandbits(128)), learner, course, grade, ends, group, WORKER))
        if grade == "IG":  # another try in the same course, passed later (or given up)
            if rnd.random() < 0.3:
                return None
            ends += timedelta(days=rnd.randint(40, 120))
            if ends > today:
                return None
            plan.results.append((uuid.UUID(int=rnd.getrandbits(128)), learner, course, "G", ends, group, WORKER))
        day = ends + timedelta(days=rnd.randint(1, 20))
    return day


def plan(today: date, *, people: int, years: int, venues: list[Venue], seed: int = 23) -> Plan:
    """Rows for ``people`` learners whose right to SFI arose over the ``years`` before ``today``."""
    rnd = random.Random(seed)
    out = Plan()
    archived = _at(today - timedelta(days=1))
    groups: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
    for venue in venues:
        for course in "ABCD":
            gid = uuid.uuid5(NS, f"group/{venue.id}/{course}")
            groups[(venue.id, course)] = gid
            out.groups.append((gid, venue.provider_id, f"Kurs {course} (tidigare terminer)", course, 1, "standard",
                               venue.id, 20, today - timedelta(days=366 * years + 400), today, archived))  # fmt: skip
    for i in range(people):
        learner = uuid.uuid5(NS, f"learner/{i}")
        arose = today - timedelta(days=rnd.randint(3, 365 * years))
        est, path = rnd.random() < 0.3, rnd.choice((1, 1, 2, 2, 3))
        sex = rnd.choices(("female", "male", None, "other"), (50, 44, 5, 1))[0]
        arrived = arose - timedelta(days=rnd.randint(0, 90)) if rnd.random() < 0.9 else None
        out.learners.append((learner, f"demo-followup-{i:05d}", f"Uppföljning {i + 1:05d}", path, arose, est, None))
        if sex is not None or arrived is not None:
            out.persons.append((learner, sex, arrived, WORKER))
        limit = 30 if est else 91
        luck = rnd.random()
        if luck < 0.1:
            continue  # never starts
        wait = rnd.randint(2, limit - 1) if luck < 0.82 else rnd.randint(limit + 1, limit + 150)
        start = arose + timedelta(days=wait)
        if start > today:
            continue  # still waiting
        venue = rnd.choices(venues, [v.weight for v in venues])[0]
        done = _study(rnd, out, learner, path, start, today, groups, venue)
        day = start + timedelta(days=rnd.randint(60, 120))
        while day <= today:
            if rnd.random() < 0.8:
                _outcome(rnd, out, learner, day, done is not None and day >= done)
            day += timedelta(days=rnd.randint(75, 110))
    return out


async def venues_for_demo(conn: asyncpg.Connection) -> list[Venue]:
    """The schedule's own venues (except the digital one), plus a second provider's centre, created once."""
    rows = await queries.demo_venues(conn)
    if not any(r["name"] == SECOND_PROVIDER[1] for r in rows):
        await queries.insert_provider_venue(conn, provider_id=uuid.uuid5(NS, "provider"),
                                            venue_id=uuid.uuid5(NS, "venue"), names=SECOND_PROVIDER)  # fmt: skip
        rows = await queries.demo_venues(conn)
    weights = {"open_preschool": 2, "workplace": 3, "library": 8}
    return [Venue(r["id"], r["provider_id"], weights.get(r["kind"], 20)) for r in rows]


async def write(conn: asyncpg.Connection, rows: Plan) -> None:
    """Copy a plan into the tables (COPY: fast at any size)."""
    for attr, table in TABLES.items():
        await queries.copy_rows(conn, table=table, columns=COLUMNS[table], rows=getattr(rows, attr))


async def seed_demo(conn: asyncpg.Connection, *, today: date | None = None) -> None:
    """Seed the demo follow-up data once (a second call changes nothing)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('lotsen.sfi.followup.demo'))")
        if await queries.learner_by_subject(conn, subject=FIRST_SUBJECT):
            return
        today = today or datetime.now(STOCKHOLM).date()
        venues = await venues_for_demo(conn)
        await write(conn, plan(today, people=DEMO_PEOPLE, years=DEMO_YEARS, venues=venues))
