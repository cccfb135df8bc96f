"""A demo skills mapping for ``lotsen up --demo``: the demo resident, three years as vårdbiträde (idempotent)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.validation.shortage.demo import DEMO_MUNICIPALITY
from services.validation.skills import queries
from shared.demo import DEMO_PEOPLE

DEMO_MAPPING_ID = UUID("00000000-0000-4000-8000-0000000005c1")
DEMO_OWNER = DEMO_PEOPLE["resident"][0]
DEMO_DETAILS = {
    "name": {"given": "Amal", "family": "Hassan"},
    "preferredLanguage": "sv",
    "education": [{"level": "upper_secondary", "field": "other", "country": "SY", "years": 3, "endYear": 2012}],
    "experience": [{"ssyk": "5330", "title": "Vårdbiträde på äldreboende", "years": 3, "extentPercent": 100}],
    "swedish": {"kind": "sfi", "course": "C"},
    "languages": [{"code": "ar", "level": "native"}, {"code": "en", "level": "good"}],
    "drivingLicence": ["B"],
    "wishes": {"occupations": [], "extent": "full_time", "placement": True, "text": "Arbeta inom äldreomsorgen"},
}


async def seed_mapping(conn: asyncpg.Connection) -> None:
    """Insert the demo mapping once (call in a transaction)."""
    if await queries.get_mapping(conn, mapping_id=DEMO_MAPPING_ID) is not None:
        return
    await queries.insert_mapping(
        conn, mapping_id=DEMO_MAPPING_ID, reference="MAP-DEMO-0001", owner_sub=DEMO_OWNER, tracking_hash=None,
        recorded_by=DEMO_OWNER, recorded_role="person", municipality=DEMO_MUNICIPALITY, preferred_language="sv",
        details=DEMO_DETAILS,
    )  # fmt: skip
