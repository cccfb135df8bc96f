"""A municipality's data, sized by one parameter, inserted with direct SQL into the services' own tables.

Reference data, draft groups, slots, learners and validation cases are inserted with ``executemany``
(pipelined); the published projection is then built by the SFI service's own publication code, so the
public reads see exactly what a real publication would produce.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.publications.service import request as publish
from shared.db import init_connection


@dataclass(frozen=True, slots=True)
class Size:
    """How big the municipality is."""

    name: str
    venues: int
    groups: int
    learners: int
    cases: int


SIZES = {
    "large": Size("large", venues=12, groups=300, learners=5000, cases=2000),
    "medium": Size("medium", venues=6, groups=120, learners=2500, cases=800),
    "small": Size("small", venues=3, groups=30, learners=1300, cases=100),
}
CONTENTION_LEARNERS = 1000  # learners 0..999 enrol into the contention group
REFERENCE_LEARNERS = 200  # learners 1000..1199 enrol uncontended (the reference)
WARMUP_LEARNERS = 50  # learners 1200..1249 enrol first, unmeasured, so the suite has served enrolments before
COURSE_A_LEARNERS = CONTENTION_LEARNERS + REFERENCE_LEARNERS + WARMUP_LEARNERS  # on path 1, course A
PATH_COURSES = [(1, "A"), (1, "B"), (2, "B"), (2, "C"), (3, "C"), (2, "D"), (3, "D"), (1, "C")]
DISTRICTS = ["Centrum", "Norr", "Söder", "Öster", "Väster", "Hamnen"]
LANGS = [["ar"], ["so"], ["ti", "am"], ["fa", "prs"], ["uk", "ru"], []]
DAY_BLOCKS = [
    ((1, 3), "09:00", "12:00"),
    ((2, 4), "09:00", "12:00"),
    ((1, 3), "13:00", "16:00"),
    ((2, 4), "13:00", "16:00"),
    ((5,), "09:00", "12:00"),
]
EVENING_BLOCKS = [((1, 3), "18:00", "21:00"), ((2, 4), "18:00", "21:00")]


@dataclass
class Dataset:
    """Ids the scenarios need."""

    venue_ids: list[uuid.UUID]
    busiest_venue: uuid.UUID
    contention_group: uuid.UUID
    reference_groups: list[uuid.UUID]
    learner_subjects: list[str]
    seconds: float = 0.0


def _t(text: str) -> time:
    return time.fromisoformat(text)


async def _reference(conn: asyncpg.Connection, size: Size, rnd: random.Random, start: date, end: date):
    provider = uuid.uuid4()
    await conn.execute("INSERT INTO sfi.providers (id, name) VALUES ($1, 'Vuxenutbildningen Benchstad')", provider)
    venues = []
    for v in range(size.venues):
        kind = "open_preschool" if v == 1 else "library" if v == 2 else "school"
        venues.append(
            (
                uuid.uuid4(),
                provider,
                f"Bench {kind} {v:02d}",
                kind,
                f"Gata {v}",
                "12345",
                "Benchstad",
                DISTRICTS[v % len(DISTRICTS)],
                59.3 + v / 100,
                18.0 + v / 100,
                "[]",
                "[]",
            )
        )
    await conn.executemany(
        "INSERT INTO sfi.venues (id, provider_id, name, kind, street, postal_code, city, district, latitude,"
        " longitude, opening_hours, closures) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11::jsonb,$12::jsonb)",
        venues,
    )
    rooms = [(uuid.uuid4(), v[0], f"Sal {r}", 20 + r) for v in venues for r in range(1, 9)]
    await conn.executemany("INSERT INTO sfi.rooms (id, venue_id, name, seats) VALUES ($1,$2,$3,$4)", rooms)
    teachers = [(uuid.uuid4(), provider, f"Lärare {t:03d}") for t in range(max(10, size.groups // 3))]
    await conn.executemany("INSERT INTO sfi.teachers (id, provider_id, name) VALUES ($1,$2,$3)", teachers)
    term = uuid.uuid4()
    await conn.execute(
        "INSERT INTO sfi.terms (id, name, first_day, last_day) VALUES ($1, 'Bench year', $2, $3)", term, start, end
    )
    return provider, venues, rooms, teachers, term


def _group_rows(size, rnd, provider, venues, rooms, teachers, term, start, end):
    by_venue = {}
    for room in rooms:
        by_venue.setdefault(room[1], []).append(room[0])
    groups, slots = [], []
    for g in range(size.groups):
        venue = venues[g % len(venues)]
        path, course = PATH_COURSES[g % len(PATH_COURSES)]
        variant, blocks, child = "standard", DAY_BLOCKS, False
        if venue[3] == "open_preschool":
            variant, child = "parental_leave_open_preschool", True
        elif g % 4 == 3:
            variant, blocks = "evening", EVENING_BLOCKS
        days, opens, closes = blocks[g % len(blocks)]
        gid = uuid.uuid4()
        room = None if child else by_venue[venue[0]][(g // len(venues)) % len(by_venue[venue[0]])]
        groups.append(
            (
                gid,
                provider,
                f"Grupp {g:03d} kurs {course}",
                course,
                path,
                variant,
                venue[0],
                room,
                term,
                [teachers[g % len(teachers)][0]],
                20,
                start,
                end,
                LANGS[g % len(LANGS)],
                child,
            )
        )
        slots += [(gid, i, d, _t(opens), _t(closes), "every") for i, d in enumerate(days)]
    return groups, slots


async def _special_groups(conn, provider, venues, rooms, teachers, term, start, end) -> tuple[uuid.UUID, list]:
    """The contention group (course A, 20 seats) and ten roomy reference groups of course A."""
    venue, room = venues[0][0], rooms[0][0]
    contention = uuid.uuid4()
    reference = [uuid.uuid4() for _ in range(10)]
    rows = [
        (
            contention,
            provider,
            "Trängselgruppen kurs A",
            "A",
            1,
            "standard",
            venue,
            room,
            term,
            [teachers[0][0]],
            20,
            start,
            end,
            ["ar"],
            False,
        )
    ]
    rows += [
        (
            gid,
            provider,
            f"Referensgrupp {i} kurs A",
            "A",
            1,
            "standard",
            venue,
            room,
            term,
            [teachers[0][0]],
            1000,
            start,
            end,
            [],
            False,
        )
        for i, gid in enumerate(reference)
    ]
    await _insert_groups(
        conn, rows, [(gid, 0, 6, _t("10:00"), _t("12:00"), "every") for gid in [contention, *reference]]
    )
    return contention, reference


async def _insert_groups(conn: asyncpg.Connection, groups: list, slots: list) -> None:
    await conn.executemany(
        "INSERT INTO sfi.groups (id, provider_id, name, course_code, path, variant, venue_id, room_id, term_id,"
        " teacher_ids, capacity, start_date, end_date, support_languages, child_present)"
        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)",
        groups,
    )
    await conn.executemany(
        "INSERT INTO sfi.group_slots (group_id, position, weekday, start_time, end_time, week_interval)"
        " VALUES ($1,$2,$3,$4,$5,$6)",
        slots,
    )


async def _learners(conn: asyncpg.Connection, size: Size) -> list[str]:
    rows, subjects = [], []
    for n in range(size.learners):
        subject = f"bench-learner-{n}"
        subjects.append(subject)
        path, course = (
            (1, "A") if n < CONTENTION_LEARNERS + REFERENCE_LEARNERS + WARMUP_LEARNERS else PATH_COURSES[n % 8]
        )
        rows.append((uuid.uuid4(), subject, f"Elev {n}", path, course, DISTRICTS[n % len(DISTRICTS)]))
    await conn.executemany(  # adults resident in the municipality: eligible for SFI (docs/sfi-enrolment.md)
        "INSERT INTO sfi.learners (id, subject, display_name, path, current_course, district, birth_date, residence)"
        " VALUES ($1,$2,$3,$4,$5,$6,DATE '1990-01-01','resident')",
        rows,
    )
    return subjects


async def _cases(conn: asyncpg.Connection, size: Size, rnd: random.Random) -> None:
    states = ["submitted", "mapping", "supplement_requested", "assessment_scheduled", "assessed", "decided"]
    roles = ["underskoterska", "barnskotare", "elevassistent"]
    rows = []
    for n in range(size.cases):
        details = {
            "name": {"given": "Bench", "family": f"Sökande {n}"},
            "contact": {"email": f"b{n}@example.org"},
            "education": [],
            "experience": [],
            "swedishLevel": {"kind": "sfi", "course": "D"},
        }
        rows.append(
            (
                uuid.uuid4(),
                f"BENCH-{n:06d}",
                f"bench-applicant-{n}",
                roles[n % 3],
                rnd.choice(states),
                json.dumps(details),
                json.dumps({"routes": [], "advice": [], "missingDocuments": []}),
            )
        )
    await conn.executemany(
        "INSERT INTO validation.applications (id, reference, owner_sub, role_code, state, identity_kind,"
        " details, precheck) VALUES ($1,$2,$3,$4,$5,'none',$6::jsonb,$7::jsonb)",
        rows,
    )


async def generate(dsn: str, size: Size, seed: int = 7) -> Dataset:
    """Fill a migrated, empty database; return the ids the scenarios use."""
    rnd = random.Random(seed)
    start = date.today() - timedelta(days=90)
    end = start + timedelta(days=364)
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            provider, venues, rooms, teachers, term = await _reference(conn, size, rnd, start, end)
            groups, slots = _group_rows(size, rnd, provider, venues, rooms, teachers, term, start, end)
            await _insert_groups(conn, groups, slots)
            contention, reference = await _special_groups(conn, provider, venues, rooms, teachers, term, start, end)
            subjects = await _learners(conn, size)
            await _cases(conn, size, rnd)
        await init_connection(conn)  # publication code expects json/jsonb decoded like the service pool does
        await conn.execute("SET search_path = sfi, public")
        async with conn.transaction():
            await publish(conn, SfiConfig(), publish_at=None, note="bench", requested_by="bench", now=datetime.now(UTC))
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    busiest = venues[0][0]
    return Dataset([v[0] for v in venues], busiest, contention, reference, subjects)
