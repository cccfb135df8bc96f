"""Demo data for ``lotsen up --demo``: a realistic municipality's SFI schedule for a school year, published."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any
from uuid import UUID, uuid5

import asyncpg

from services.sfi_schedule.admin import queries as ref
from services.sfi_schedule.admin.queries import lock_schedule
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment.demo import seed_enrolment_demo
from services.sfi_schedule.groups import queries as groups
from services.sfi_schedule.groups.checks import check_save
from services.sfi_schedule.placements.demo import seed_placement_demo
from services.sfi_schedule.publications.service import request as publish
from shared.clock import SYSTEM_CLOCK, Clock

DAY_NAMES = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
NS = UUID("5f0e4c1a-9d7b-5e2a-8c3f-0a1b2c3d4e5f")
START, END = date(2026, 8, 17), date(2027, 6, 30)
PATH_COURSES = [(1, "A"), (1, "B"), (2, "B"), (2, "C"), (3, "C"), (1, "C"), (2, "D"), (3, "D"), (1, "D")]
LANGUAGES = [["ar", "so"], ["ti", "am"], ["fa", "prs"], ["uk", "ru"], ["en", "es"], ["so"], ["ar"], []]
BLOCKS = [
    ("förmiddag mån/ons", [(1, "09:00", "12:00"), (3, "09:00", "12:00")]),
    ("förmiddag tis/tor", [(2, "09:00", "12:00"), (4, "09:00", "12:00")]),
    ("eftermiddag mån/ons", [(1, "13:00", "16:00"), (3, "13:00", "16:00")]),
    ("eftermiddag tis/tor", [(2, "13:00", "16:00"), (4, "13:00", "16:00")]),
]


def _id(name: str) -> UUID:
    return uuid5(NS, name)


def _hours(days: tuple[int, ...], opens: str, closes: str) -> list[dict[str, Any]]:
    return [{"weekday": d, "opens": opens, "closes": closes} for d in days]


VENUES = [
    ("Centrumskolan", "school", "Storgatan 12", "Centrum", 59.3326, 18.0649, [], []),
    ("Norrskolan", "school", "Norrvägen 3", "Norr", 59.3512, 18.0601, [], []),
    ("Stadsbiblioteket", "library", "Biblioteksgatan 1", "Centrum", 59.3301, 18.0702,
     _hours((1, 2, 3, 4), "10:00", "21:00"), []),
    ("Öppna förskolan Solrosen", "open_preschool", "Solrosvägen 8", "Söder", 59.3102, 18.0755,
     _hours((2, 4), "09:00", "15:00"), [{"from": "2027-06-14", "to": "2027-08-15", "reason": "sommarstängt"}]),
    ("Öppna förskolan Lärkan", "open_preschool", "Lärkstigen 2", "Väster", 59.3280, 18.0120,
     _hours((1, 3), "09:00", "14:00"), [{"from": "2027-06-14", "to": "2027-08-15", "reason": "sommarstängt"}]),
    ("Äldreboendet Lindgården", "workplace", "Lindvägen 40", "Öster", 59.3390, 18.1010, [], []),
    ("SFI på distans", "digital", None, None, None, None, [], []),
]  # fmt: skip
ROOMS = {
    "Centrumskolan": [(f"Sal {n}", 20) for n in range(101, 107)],
    "Norrskolan": [("Sal 1", 20), ("Sal 2", 20), ("Sal 3", 16)],
    "Stadsbiblioteket": [("Studierummet", 16), ("Hörsalen", 20)],
    "Äldreboendet Lindgården": [("Personalrummet", 14)],
    "SFI på distans": [("Digitalt klassrum", 25)],
}
STUDY_FREE = [
    {"from": "2026-11-02", "to": "2026-11-06", "reason": "höstlov"},
    {"from": "2026-12-21", "to": "2027-01-08", "reason": "jullov"},
    {"from": "2027-02-22", "to": "2027-02-26", "reason": "sportlov"},
    {"from": "2027-03-29", "to": "2027-04-02", "reason": "påsklov"},
]


async def _reference(conn: asyncpg.Connection, provider: UUID) -> dict[str, UUID]:
    await ref.insert_provider(conn, id=provider, d={"name": "Vuxenutbildningen Exempelstad"})
    ids: dict[str, UUID] = {}
    for name, kind, street, district, lat, lon, hours, closures in VENUES:
        ids[name] = _id(f"venue/{name}")
        await ref.insert_venue(conn, id=ids[name], d={
            "provider_id": provider, "name": name, "kind": kind, "street": street, "postal_code": None,
            "city": "Exempelstad" if street else None, "district": district, "latitude": lat, "longitude": lon,
            "opening_hours": hours, "closures": closures})  # fmt: skip
        for room, seats in ROOMS.get(name, []):
            ids[f"{name}/{room}"] = _id(f"room/{name}/{room}")
            await ref.insert_room(
                conn, id=ids[f"{name}/{room}"], d={"venue_id": ids[name], "name": room, "seats": seats}
            )
    ids["term"] = _id("term/2026-27")
    await ref.insert_term(conn, id=ids["term"], d={"name": "Läsåret 2026/27", "first_day": START, "last_day": END,
                                                    "study_free_days": STUDY_FREE})  # fmt: skip
    return ids


async def _teacher(conn: asyncpg.Connection, provider: UUID, n: int, checked_on: date | None = None) -> UUID:
    """A teacher; ``checked_on`` the day a registerkontroll was shown (a month before the seeding clock's day)."""
    tid = _id(f"teacher/{n}")
    shown = checked_on
    await ref.insert_teacher(conn, id=tid, d={"provider_id": provider, "name": f"Lärare {n:02d}",
                                              "registerkontroll_shown_on": shown})  # fmt: skip
    return tid


def _slots(rows: list[tuple[int, str, str]], interval: str = "every") -> list[dict[str, Any]]:
    return [{"weekday": d, "start": time.fromisoformat(s), "end": time.fromisoformat(e), "interval": interval}
            for d, s, e in rows]  # fmt: skip


def _group(name: str, venue: UUID, room: UUID | None, teacher: UUID, slots, *, term: UUID, path_course=None,
           **extra: Any) -> dict[str, Any]:  # fmt: skip
    index = sum(map(ord, name))  # deterministic spread of courses and languages
    path, course = path_course or PATH_COURSES[index % len(PATH_COURSES)]
    return {"name": name, "course_code": course, "path": path, "variant": "standard", "target_role": None,
            "venue_id": venue, "room_id": room, "term_id": term, "teacher_ids": [teacher], "capacity": 18,
            "start_date": START, "end_date": END, "slots": slots,
            "support_languages": LANGUAGES[index % len(LANGUAGES)], "child_present": False, "distance": False,
            "description": "", **extra}  # fmt: skip


async def _plan(conn: asyncpg.Connection, provider: UUID, ids: dict[str, UUID], today: date) -> list[dict[str, Any]]:
    term, out, n = ids["term"], [], 0
    for school, rooms in (("Centrumskolan", ROOMS["Centrumskolan"]), ("Norrskolan", ROOMS["Norrskolan"][:2])):
        for room, _ in rooms:
            n += 1
            teacher = await _teacher(conn, provider, n)  # one teacher per room: the blocks never overlap
            for label, rows in BLOCKS:
                out.append(_group(f"{school} {room} {label}", ids[school], ids[f"{school}/{room}"], teacher,
                                  _slots(rows), term=term))  # fmt: skip
    evenings = [
        ("Stadsbiblioteket", "Studierummet", [(1, "17:30", "20:30"), (3, "17:30", "20:30")], (2, "B"), "every"),
        ("Stadsbiblioteket", "Studierummet", [(2, "17:30", "20:30"), (4, "17:30", "20:30")], (2, "C"), "every"),
        ("Stadsbiblioteket", "Hörsalen", [(1, "18:00", "21:00")], (3, "C"), "every"),
        ("Stadsbiblioteket", "Hörsalen", [(2, "18:00", "21:00")], (3, "D"), "every"),
        ("Stadsbiblioteket", "Hörsalen", [(3, "18:00", "21:00")], (2, "D"), "every"),
        ("Centrumskolan", "Sal 101", [(1, "18:00", "21:00"), (3, "18:00", "21:00")], (3, "D"), "every"),
        ("Centrumskolan", "Sal 102", [(2, "18:00", "21:00"), (4, "18:00", "21:00")], (2, "B"), "every"),
        ("Centrumskolan", "Sal 103", [(4, "17:00", "20:00")], (2, "C"), "odd"),
        ("Norrskolan", "Sal 1", [(2, "18:00", "21:00")], (3, "C"), "every"),
    ]  # fmt: skip
    for venue, room, rows, pc, interval in evenings:
        n += 1
        days = "/".join(DAY_NAMES[d - 1] for d, _, _ in rows)
        out.append(_group(f"Kväll {venue} {room} kurs {pc[1]} {days}", ids[venue], ids[f"{venue}/{room}"],
                          await _teacher(conn, provider, n), _slots(rows, interval), term=term, path_course=pc,
                          variant="evening", capacity=16))  # fmt: skip
    return out + await _special(conn, provider, ids, n, checked_on=today - timedelta(days=30))


async def _special(
    conn: asyncpg.Connection, provider: UUID, ids: dict[str, UUID], n: int, *, checked_on: date
) -> list[dict[str, Any]]:
    term = ids["term"]
    friday = await _teacher(conn, provider, n + 6)
    parental = dict(variant="parental_leave_open_preschool", capacity=10, child_present=True,
                    description="För dig som är föräldraledig – ta med barnet.")  # fmt: skip
    out = [
        _group("Föräldralediga Solrosen", ids["Öppna förskolan Solrosen"], None,
               await _teacher(conn, provider, n + 1, checked_on), _slots([(2, "10:00", "12:00")]), term=term,
               path_course=(1, "A"), **parental),
        _group("Föräldralediga Lärkan", ids["Öppna förskolan Lärkan"], None,
               await _teacher(conn, provider, n + 2, checked_on), _slots([(3, "10:00", "12:00")]), term=term,
               path_course=(2, "B"), **parental),
        _group("Kombo undersköterska Lindgården", ids["Äldreboendet Lindgården"],
               ids["Äldreboendet Lindgården/Personalrummet"], await _teacher(conn, provider, n + 3),
               _slots([(1, "13:00", "16:00"), (4, "13:00", "16:00")]), term=term, path_course=(2, "C"),
               variant="kombo", target_role="undersköterska", capacity=14),
        _group("Kombo barnskötare Norrskolan", ids["Norrskolan"], ids["Norrskolan/Sal 3"],
               await _teacher(conn, provider, n + 4), _slots([(5, "09:00", "12:00")]), term=term,
               path_course=(2, "B"), variant="kombo", target_role="barnskötare", capacity=16),
        _group("Distans kväll kurs C", ids["SFI på distans"], ids["SFI på distans/Digitalt klassrum"],
               await _teacher(conn, provider, n + 5), _slots([(2, "19:00", "20:30"), (4, "19:00", "20:30")]),
               term=term, path_course=(3, "C"), variant="evening", distance=True, capacity=25),
        _group("Fredag udda veckor Centrumskolan", ids["Centrumskolan"], ids["Centrumskolan/Sal 104"],
               friday, _slots([(5, "09:00", "12:00")], "odd"), term=term),
        _group("Fredag jämna veckor Centrumskolan", ids["Centrumskolan"], ids["Centrumskolan/Sal 104"],
               friday, _slots([(5, "09:00", "12:00")], "even"), term=term),
    ]  # fmt: skip
    return out


async def seed_demo(conn: asyncpg.Connection, config: SfiConfig | None = None, clock: Clock = SYSTEM_CLOCK) -> None:
    """Create and publish the demo schedule once; a second call changes nothing.

    ``conn`` must decode json/jsonb like the service pool does (``shared.db.create_pool`` connections).
    """
    config = config or SfiConfig()
    provider = _id("provider")
    async with conn.transaction():
        await lock_schedule(conn)
        if await ref.get(conn, kind="provider", id=provider) is None:
            await _seed_schedule(conn, config, provider, clock)
    await seed_enrolment_demo(conn, today=clock.today())
    async with conn.transaction():
        await seed_placement_demo(conn, lindgarden=_id("venue/Äldreboendet Lindgården"), today=clock.today())


async def _seed_schedule(conn: asyncpg.Connection, config: SfiConfig, provider, clock: Clock) -> None:
    """Reference data and groups, every one through the save rules, then the first publication."""
    ids = await _reference(conn, provider)
    for data in await _plan(conn, provider, ids, clock.today()):
        gid = _id(f"group/{data['name']}")
        venue = await check_save(conn, config, group_id=gid, data=data, exceptions=[], today=clock.today())
        await groups.insert_group(conn, id=gid, d={**data, "provider_id": venue["provider_id"]})
        await groups.replace_slots(conn, group_id=gid, slots=data["slots"])
    await publish(conn, config, publish_at=None, note="Demo: läsåret 2026/27", requested_by="demo", now=clock.now())
