"""Demo workplaces, placement offers and agreements for ``lotsen up --demo`` (called by ``sfi_schedule/demo.py``).

Municipal units (elderly care at the Lindgården venue, a preschool, the central kitchen) and private employers
(cleaning on a two-week rota; a hotel kitchen on Saturday mornings, which fits Amal, who works on weekdays), with
a few demo learners placed, so the yearly figure has numbers. Eva Lind, the demo workplace contact, is the
contact person of Lindgården and the preschool.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

import asyncpg

from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.placements import queries
from services.sfi_schedule.placements.domain import agreement_windows
from shared.demo import DEMO_PEOPLE

NS = UUID("3a7c2e90-51d4-5f8b-b6e1-7c9d0a2b4f61")
EVA = DEMO_PEOPLE["workplace_contact"][0]


def _workplaces(lindgarden: UUID) -> list[dict[str, Any]]:
    base = {"organisation": "", "venue_id": None, "street": None, "postal_code": None, "city": "Exempelstad",
            "contact_email": None, "contact_subject": None, "needs_registerkontroll": False}  # fmt: skip
    return [
        {**base, "key": "lindgarden", "name": "Äldreboendet Lindgården", "employer_kind": "municipal",
         "sector": "elderly_care", "organisation": "Vård- och omsorgsförvaltningen", "venue_id": lindgarden,
         "street": "Lindvägen 40", "district": "Öster", "latitude": 59.3390, "longitude": 18.1010,
         "contact_name": "Eva Lind", "contact_phone": "010-123 40 00", "contact_subject": EVA},
        {**base, "key": "ekorren", "name": "Förskolan Ekorren", "employer_kind": "municipal", "sector": "preschool",
         "organisation": "Förskoleförvaltningen", "street": "Ekorrstigen 5", "district": "Väster", "latitude": 59.3275,
         "longitude": 18.0150, "contact_name": "Eva Lind", "contact_phone": "010-123 40 01", "contact_subject": EVA,
         "needs_registerkontroll": True},
        {**base, "key": "koket", "name": "Centralköket", "employer_kind": "municipal", "sector": "kitchen",
         "organisation": "Måltidsservice", "street": "Industrigatan 9", "district": "Centrum", "latitude": 59.3310,
         "longitude": 18.0590, "contact_name": "Jonas Berg", "contact_phone": "010-123 40 02"},
        {**base, "key": "glans", "name": "Städbolaget Glans AB", "employer_kind": "private", "sector": "cleaning",
         "organisation": "Glans AB", "street": "Verkstadsvägen 2", "district": "Norr", "latitude": 59.3520,
         "longitude": 18.0580, "contact_name": "Leyla Demir", "contact_phone": "070-555 12 34"},
        {**base, "key": "hotell", "name": "Hotell Stadsparken", "employer_kind": "private", "sector": "hospitality",
         "organisation": "Stadsparken Hotell AB", "street": "Parkgatan 1", "district": "Centrum",
         "latitude": 59.3340, "longitude": 18.0660, "contact_name": "Oskar Nyberg", "contact_phone": "070-555 98 76"},
    ]  # fmt: skip


def _offers(today: date) -> list[dict[str, Any]]:
    monday = today - timedelta(days=today.isoweekday() - 1)
    common = {"mentor_email": None, "mentor_phone": None, "description": "", "status": "open", "sfi_level": None}
    return [
        {**common, "key": "lindgarden", "workplace": "lindgarden", "title": "Språkpraktik i äldreomsorgen",
         "occupation": "5321", "kind": "sprakpraktik",
         "hours": [{"weekdays": [2, 4], "start": "13:00", "end": "17:00"}],
         "start_date": today - timedelta(days=60), "end_date": today + timedelta(days=120), "seats": 4,
         "sfi_level": "B", "mentor_name": "Maja Andersson", "languages": ["ar", "so"],
         "description": "Följ med i vardagen på ett äldreboende: måltider, promenader och samtal."},
        {**common, "key": "ekorren", "workplace": "ekorren", "title": "Yrkespraktik barnskötare",
         "occupation": "5311", "kind": "yrkespraktik",
         "hours": [{"weekdays": [1, 3, 5], "start": "08:00", "end": "12:00"}],
         "start_date": today - timedelta(days=50), "end_date": today + timedelta(days=130), "seats": 2,
         "sfi_level": "B", "mentor_name": "Sofia Ek", "languages": ["ti"]},
        {**common, "key": "koket", "workplace": "koket", "title": "Språkpraktik i storköket", "occupation": "5120",
         "kind": "sprakpraktik", "hours": [{"weekdays": [1, 3], "start": "09:00", "end": "13:00"}],
         "start_date": today + timedelta(days=14), "end_date": today + timedelta(days=140), "seats": 2,
         "mentor_name": "Jonas Berg", "languages": ["fa", "prs"]},
        {**common, "key": "glans", "workplace": "glans", "title": "Yrkespraktik lokalvård (tvåveckorsschema)",
         "occupation": "9111", "kind": "yrkespraktik",
         "hours": [{"weekdays": [2, 3, 4], "start": "07:00", "end": "11:00", "weeks": "cycle", "cycleLength": 2,
                    "cycleWeeks": [1], "cycleAnchor": monday.isoformat()}],
         "start_date": today - timedelta(days=45), "end_date": today + timedelta(days=90), "seats": 3,
         "mentor_name": "Leyla Demir", "languages": ["tr", "ku"]},
        {**common, "key": "hotell", "workplace": "hotell", "title": "Språkpraktik i hotellets frukostkök",
         "occupation": "5120", "kind": "sprakpraktik", "hours": [{"weekdays": [6], "start": "07:00", "end": "11:00"}],
         "start_date": today, "end_date": today + timedelta(days=100), "seats": 2, "sfi_level": "C",
         "mentor_name": "Oskar Nyberg", "languages": ["en", "es"]},
    ]  # fmt: skip


# (offer, demo learner number, state, start offset, end offset, hours done, end reason)
AGREEMENTS = [
    ("lindgarden", 1, "ongoing", -40, 120, 44.0, None),
    ("lindgarden", 2, "agreed", 7, 120, 0.0, None),
    ("lindgarden", 3, "completed", -60, -10, 56.0, None),
    ("ekorren", 4, "ongoing", -30, 130, 48.0, None),
    ("glans", 5, "ongoing", -45, 90, 36.0, None),
    ("glans", 6, "ended_early", -40, 90, 12.0, "fick anställning"),
    ("hotell", 7, "proposed", 0, 100, 0.0, None),
]


async def seed_placement_demo(conn: asyncpg.Connection, *, lindgarden: UUID, today: date) -> None:
    """Create the demo placements once (a second call changes nothing)."""
    if await queries.get_workplace(conn, id=uuid5(NS, "workplace/lindgarden")) is not None:
        return
    for w in _workplaces(lindgarden):
        await queries.insert_workplace(conn, id=uuid5(NS, f"workplace/{w['key']}"), d=w)
    offers = {}
    for o in _offers(today):
        offers[o["key"]] = o | {"id": uuid5(NS, f"placement/{o['key']}")}
        d = o | {"workplace_id": uuid5(NS, f"workplace/{o['workplace']}")}
        await queries.insert_placement(conn, id=offers[o["key"]]["id"], d=d, created_by="demo")
    for key, n, state, start, end, hours, reason in AGREEMENTS:
        learner = await learners.by_subject(conn, subject=f"demo-learner-{n:02d}")
        if learner is not None:
            await _agreement(conn, offers[key], learner["id"], state, today, (start, end, hours, reason))


async def _agreement(conn: asyncpg.Connection, offer: dict, learner_id: UUID, state: str, today: date, facts) -> None:
    start_off, end_off, hours, reason = facts
    aid = uuid5(NS, f"agreement/{offer['key']}/{learner_id}")
    start, end = today + timedelta(days=start_off), today + timedelta(days=end_off)
    windows = agreement_windows(offer["hours"], start=start, end=end, placement_id=str(offer["id"]),
                                agreement_id=str(aid), title=offer["title"])  # fmt: skip
    await queries.insert_agreement(conn, id=aid, d={
        "placement_id": offer["id"], "learner_id": learner_id, "start_date": start, "end_date": end,
        "mentor_name": offer["mentor_name"], "busy_windows": windows, "proposed_by": "demo"})  # fmt: skip
    started = start if state in ("ongoing", "completed", "ended_early") else None
    ended = {"completed": end, "ended_early": today - timedelta(days=5)}.get(state)
    values = {
        "state": state, "hours_done": Decimal(str(hours)), "started_on": started, "ended_on": ended,
        "agreed_at": None if state == "proposed" else datetime.now(UTC), "end_reason": reason,
        "registerkontroll_shown_on": today - timedelta(days=50) if offer["workplace"] == "ekorren" else None,
    }  # fmt: skip
    await queries.set_agreement(conn, id=aid, values=values)
    await queries.log(conn, agreement_id=aid, action=state, actor="demo", details={"demo": True})
