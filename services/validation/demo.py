"""Demo data for ``lotsen up --demo``: applications in different states, a shortage list, a mapping (idempotent)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications import queries as cases
from services.validation.catalogue import queries as catalogue
from services.validation.catalogue.domain import role_from_row
from services.validation.decisions import queries as decisions
from services.validation.decisions.domain import CourseOutcome, decide
from services.validation.shortage.demo import seed_shortage
from services.validation.skills.demo import seed_mapping
from shared.db import init_connection
from shared.demo import DEMO_PEOPLE
from shared.tracking import hash_tracking_code

DEMO_RESIDENT = DEMO_PEOPLE["resident"][0]
DEMO_CASEWORKER = "demo-caseworker"
DEMO_TRACKING_CODE = "DEMO-2025-TRAC-KING-C0DE"
_SYRIA = {
    "country": "SY", "institution": "Damascus Health Institute", "programme": "Practical nursing", "field": "care",
    "startYear": 2023, "startedOn": "2023-09-01", "endYear": 2024, "hours": 1800, "language": "ar",
    "courseCodes": ["ANOANA01", "OMVOMV01", "SOASOC01", "GERGER0"],
}  # fmt: skip
_UKRAINE = {
    "country": "UA", "institution": "Kyiv Pedagogical College", "programme": "Preschool pedagogy",
    "field": "childcare", "startYear": 2012, "endYear": 2015, "hours": 2400, "language": "uk", "courseCodes": [],
}  # fmt: skip


def _details(given: str, family: str, education: dict, swedish: dict, **extra: Any) -> dict[str, Any]:
    return {
        "name": {"given": given, "family": family},
        "contact": {"email": f"{given.lower()}@example.org"},
        "preferredLanguage": extra.pop("lang", "sv"),
        "education": [education],
        "experience": extra.pop("experience", []),
        "swedishLevel": swedish,
        "claims": {"permanentPostOn20230701": False},
        "protectedIdentity": False,
        **extra,
    }


# (id, reference, owner, tracking code, role, number, details, path of states)
DEMO_CASES = [
    ("00000000-0000-4000-8000-00000000d001", "VAL-DEMO-0001", None, DEMO_TRACKING_CODE, "underskoterska",
     None, _details("Amina", "Haddad", _SYRIA, {"kind": "sfi", "course": "C"}, lang="en",
                    noSwedishNumber={"documentType": "passport", "country": "SY"}), []),
    ("00000000-0000-4000-8000-00000000d002", "VAL-DEMO-0002", DEMO_RESIDENT, None, "barnskotare",
     "198112189876", _details("Olena", "Kovalenko", _UKRAINE, {"kind": "sfi", "course": "D"}), ["mapping"]),
    ("00000000-0000-4000-8000-00000000d003", "VAL-DEMO-0003", DEMO_RESIDENT, None, "elevassistent",
     "197010632391", _details("Olena", "Kovalenko", _UKRAINE, {"kind": "sva", "course": "1"}),
     ["mapping", "supplement_requested"]),
    ("00000000-0000-4000-8000-00000000d004", "VAL-DEMO-0004", DEMO_RESIDENT, None, "underskoterska",
     "198112189876", _details("Olena", "Kovalenko", _SYRIA, {"kind": "sva", "course": "1"}),
     ["mapping", "assessment_scheduled", "assessed", "decided"]),
]  # fmt: skip
_FULL = {"ANOANA01", "OMVOMV01", "SOASOC01", "GERGER0", "SVASVA01"}


async def _decide(conn: asyncpg.Connection, application_id: UUID) -> None:
    role = role_from_row(await catalogue.get_role(conn, code="underskoterska"))
    profile = next(p for p in role.profiles if p.kind == "package")
    given = [CourseOutcome(c.code, "full" if c.code in _FULL else "none") for c in profile.required_courses()]
    given = [CourseOutcome("SVASVA01", "full") if g.code == "SVESVE01" else g for g in given]
    await decisions.insert_decision(
        conn, application_id=application_id, profile_code=profile.code, decision=decide(profile, given),
        note="Demo: mapped by a vocational teacher", decided_by=DEMO_CASEWORKER,
    )  # fmt: skip


async def _seed_case(conn: asyncpg.Connection, case: tuple) -> None:
    case_id, reference, owner, code, role_code, number, details, path = case
    application_id = UUID(case_id)
    role = role_from_row(await catalogue.get_role(conn, code=role_code))
    package = next((p for p in role.profiles if p.kind == "package"), None)
    await cases.insert_application(
        conn, application_id=application_id, reference=reference, owner_sub=owner,
        tracking_hash=hash_tracking_code(code) if code else None, role_code=role_code,
        profile_code=package.code if package else None,
        identity_kind="personnummer" if number and number[6] < "6" else "samordningsnummer" if number else "none",
        identity_number=number, protected_identity=False, preferred_language=details["preferredLanguage"],
        details=details, precheck={},
    )  # fmt: skip
    actor = owner or "anonymous"
    await cases.insert_event(
        conn, application_id=application_id, from_state=None, to_state="submitted", actor=actor,
        actor_role="applicant", reason=None,
    )  # fmt: skip
    state = "submitted"
    for target in path:
        if target == "decided":
            await _decide(conn, application_id)
        booking = {"date": "2025-03-10", "place": "Vårdcentralen Öster", "assessor": "Karin Lärare"}
        await cases.change_state(
            conn, application_id=application_id, state=target, decided=target == "decided",
            assessment=booking if target == "assessment_scheduled" else None,
        )  # fmt: skip
        await cases.insert_event(
            conn, application_id=application_id, from_state=state, to_state=target, actor=DEMO_CASEWORKER,
            actor_role="caseworker", reason="Demo data",
        )  # fmt: skip
        state = target


async def seed_demo(conn: asyncpg.Connection) -> None:
    """Insert the demo applications once; a second call (or a concurrent one) changes nothing.

    Sets the JSON codecs of Lotsen's pools on ``conn`` (json/jsonb as Python values), so a plain
    connection works too.
    """
    await init_connection(conn)
    async with conn.transaction():
        await conn.execute("SET LOCAL search_path = validation, public")
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('lotsen.validation.demo'))")
        await seed_shortage(conn)
        await seed_mapping(conn)
        if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM applications WHERE reference LIKE 'VAL-DEMO-%')"):
            return
        for case in DEMO_CASES:
            await _seed_case(conn, case)
