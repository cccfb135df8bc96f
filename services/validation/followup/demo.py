"""Follow-up demo data: closed validation cases of the past years with their decisions (lead time, outcome).

``lotsen up --demo`` seeds a couple of hundred cases over three years; the benchmark plans more over three. The
cases are closed (decided and done), so they are history for the figures and not work in the caseworkers' queue.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import asyncpg

from services.validation.followup import queries

NS = uuid.UUID("0b1e7c4d-2a3f-5e6d-8c9b-1a2b3c4d5e6f")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEMO_CASES = 240
FIRST_REFERENCE = "VAL-FU-00000"
CASEWORKER = "demo-caseworker-karin"
# Days from submission to decision per role (a range), and how often each role is applied for.
LEAD_DAYS = {"underskoterska": (35, 220), "barnskotare": (20, 140), "elevassistent": (15, 100)}
ROLE_WEIGHTS = {"underskoterska": 55, "barnskotare": 35, "elevassistent": 10}
OUTCOMES = (("full", 22), ("partial", 58), ("none", 20))
GIVEN = ("Amira", "Yusuf", "Olena", "Tesfay", "Leyla", "Karim", "Maryam", "Dmytro", "Hawa", "Reza")
COLUMNS = {
    "applications": ("id", "reference", "owner_sub", "role_code", "profile_code", "state", "identity_kind",
                     "preferred_language", "details", "precheck", "submitted_at", "state_changed_at", "decided_at",
                     "updated_at"),
    "decisions": ("application_id", "profile_code", "outcome", "courses", "gap_list", "points_validated",
                  "points_remaining", "decided_by", "decided_at"),
    "case_events": ("application_id", "from_state", "to_state", "actor", "actor_role", "at"),
}  # fmt: skip


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), STOCKHOLM).astimezone(UTC)


def plan(today: date, *, cases: int, years: int, profiles: dict[str, str], seed: int = 29) -> dict[str, list]:
    """Rows of ``cases`` decided and closed cases submitted over the ``years`` before ``today``."""
    rnd = random.Random(seed)
    out: dict[str, list] = {table: [] for table in COLUMNS}
    roles = [r for r in ROLE_WEIGHTS if r in profiles]
    for i in range(cases):
        role = rnd.choices(roles, [ROLE_WEIGHTS[r] for r in roles])[0]
        submitted = today - timedelta(days=rnd.randint(20, 365 * years))
        decided = submitted + timedelta(days=rnd.randint(*LEAD_DAYS[role]))
        if decided > today:
            decided = today - timedelta(days=rnd.randint(0, 5))
        sent, done = _at(submitted, 10), _at(decided, 14)
        outcome = rnd.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        points = {"full": (1500, 0), "partial": (rnd.choice((300, 600, 900)), 900), "none": (0, 1500)}[outcome]
        case_id = uuid.uuid5(NS, f"case/{i}")
        details = {
            "name": {"given": rnd.choice(GIVEN), "family": f"Exempel {i:05d}"}, "preferredLanguage": "sv",
            "contact": {"email": f"uppfoljning{i:05d}@example.org"}, "education": [], "experience": [],
            "swedishLevel": {"kind": "sfi", "course": "D"}, "claims": {}, "protectedIdentity": False,
        }  # fmt: skip
        out["applications"].append((case_id, f"VAL-FU-{i:05d}", f"demo-followup-v{i:05d}", role, profiles[role],
                                    "closed", "none", "sv", details, {}, sent, done, done, done))  # fmt: skip
        out["decisions"].append((case_id, profiles[role], outcome, [], [], *points, CASEWORKER, done))
        out["case_events"] += [(case_id, None, "submitted", f"demo-followup-v{i:05d}", "applicant", sent),
                               (case_id, "assessed", "decided", CASEWORKER, "caseworker", done),
                               (case_id, "decided", "closed", CASEWORKER, "caseworker", done)]  # fmt: skip
    return out


async def write(conn: asyncpg.Connection, rows: dict[str, list]) -> None:
    """Copy a plan into the tables."""
    for table, columns in COLUMNS.items():
        await queries.insert_rows(conn, table=table, columns=columns, rows=rows[table])


async def seed_demo(conn: asyncpg.Connection, *, today: date | None = None) -> None:
    """Seed the closed demo cases once (a second call changes nothing)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('lotsen.validation.followup.demo'))")
        if await queries.demo_seeded(conn, reference=FIRST_REFERENCE):
            return
        today = today or datetime.now(STOCKHOLM).date()
        profiles = await queries.profiles_by_role(conn)
        await write(conn, plan(today, cases=DEMO_CASES, years=3, profiles=profiles))
