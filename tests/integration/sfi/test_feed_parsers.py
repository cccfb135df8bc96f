"""Three independent iCalendar parsers read exactly the API's sessions from every feed of the demo schedule.

The parsers are the ones clients use, and they share no code:
- ``recurring-ical-events`` (Python; ``icalendar`` parses, the TZID name is looked up in zoneinfo);
- Mozilla ``ical.js`` (Thunderbird and many web calendars; its own parser and recurrence engine, and it reads
  the feed's VTIMEZONE, so a wrong VTIMEZONE shows as a wrong hour);
- ``node-ical`` (its own parser, ``rrule-temporal`` for recurrences, the TZID name in the JavaScript engine's
  tz data), chosen as the third because it shares nothing with the other two; python-dateutil or ``icalevents``
  would share icalendar's or dateutil's parsing and rules with the first.

For every demo group, a venue feed and a teacher feed, over the school year 2026/27 (which holds both DST
weekends, 25 October 2026 and 28 March 2027), each parser must give the same set of sessions as the API:
local date and wall-clock start and end to the minute, and whether the session is cancelled. Exceptions are
added around both DST weekends, including sessions moved onto the two DST Sundays themselves.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import icalendar
import recurring_ical_events

from services.sfi_schedule.calendar.model import TZ
from tests.integration.sfi.conftest import ANON, SYSTEM
from tests.integration.sfi.test_catalog_cache import seeded
from tests.node import node, package_dir

FIRST, LAST = date(2026, 8, 1), date(2027, 7, 31)
SCRIPT = Path(__file__).parents[2] / "node" / "ics_expand.mjs"
MORNING = "Centrumskolan Sal 101 förmiddag mån/ons"  # Mon + Wed 09-12, teacher 1
EVENING = "Kväll Centrumskolan Sal 101 kurs D mån/ons"  # Mon + Wed 18-21
EXCEPTIONS = [
    (MORNING, {"originalStart": "2026-10-26T09:00", "cancelled": True}),  # first Monday in winter time
    (MORNING, {"originalStart": "2026-10-21T09:00", "newStart": "2026-10-25T10:00", "newEnd": "2026-10-25T13:00"}),
    (MORNING, {"originalStart": "2027-03-24T09:00", "newStart": "2027-03-28T10:00", "newEnd": "2027-03-28T13:00"}),
    (EVENING, {"originalStart": "2027-03-24T18:00", "cancelled": True}),  # last Wednesday in winter time
]
Session = tuple[str, str, bool]  # local start, local end (YYYY-MM-DDTHH:MM), cancelled


def _local(value: datetime | str) -> str:
    at = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    return at.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")


def _from_api(occurrences: list[dict]) -> Counter[Session]:
    return Counter((_local(o["start"]), _local(o["end"]), o["status"] == "cancelled") for o in occurrences)


def _recurring_ical_events(text: str) -> Counter[Session]:
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(FIRST, LAST + timedelta(days=1))
    return Counter(
        (_local(e.decoded("dtstart")), _local(e.decoded("dtend")), str(e.get("status")) == "CANCELLED") for e in events
    )


async def _javascript(feeds: dict[str, str]) -> dict[str, dict[str, Counter[Session]]]:
    """ical.js and node-ical over every feed, in one Node.js process."""
    package_dir("ical.js"), package_dir("node-ical")  # a clear error if `python -m tests.node` has not run
    payload = {"from": f"{FIRST}T00:00:00+02:00", "to": f"{LAST}T23:59:59+02:00", "feeds": feeds}
    proc = await asyncio.create_subprocess_exec(
        node(), str(SCRIPT), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await proc.communicate(json.dumps(payload).encode())
    assert proc.returncode == 0, err.decode()
    result = json.loads(out)
    return {
        parser: {
            name: Counter((_local(s["start"]), _local(s["end"]), s["status"] == "CANCELLED") for s in sessions)
            for name, sessions in result[parser].items()
        }
        for parser in ("icaljs", "nodeical")
    }


async def _demo_with_exceptions(api, db_url: str) -> list[dict]:
    await seeded(db_url)
    _, listing = await api.call("GET", "/v1/groups?limit=500", headers=ANON, status=200)
    groups = listing["data"]
    by_name = {g["name"]: g["id"] for g in groups}
    for name, payload in EXCEPTIONS:
        await api.create(f"/v1/admin/groups/{by_name[name]}/exceptions", payload)
    _, evening = await api.call("GET", f"/v1/admin/groups/{by_name[EVENING]}", status=200)
    _, morning = await api.call("GET", f"/v1/admin/groups/{by_name[MORNING]}", status=200)
    substitute = {"originalStart": "2026-10-26T18:00", "teacherIds": morning["teacherIds"]}
    await api.create(f"/v1/admin/groups/{by_name[EVENING]}/exceptions", substitute)
    assert evening["teacherIds"] != morning["teacherIds"]
    await api.call("POST", "/v1/publications", json={}, status=201)
    return groups


async def _occurrences(api, group_id: str) -> list[dict]:
    url = f"/v1/groups/{group_id}/occurrences?from={FIRST}&to={LAST}&limit=500"  # a year is one page
    _, body = await api.call("GET", url, headers=ANON, status=200)
    return body["data"]


async def _teacher_expected(api, teacher: str, groups: list[dict], sessions: dict[str, list[dict]]) -> Counter:
    """The teacher's sessions from the API: their groups' sessions, and the one they substitute in."""
    mine: list[dict] = []
    for group in groups:
        _, draft = await api.call("GET", f"/v1/admin/groups/{group['id']}", status=200)
        if teacher in draft["teacherIds"]:
            mine += sessions[group["id"]]
        elif group["name"] == EVENING:
            mine += [o for o in sessions[group["id"]] if o["originalStart"].startswith("2026-10-26T18:00")]
    return _from_api(mine)


async def test_three_parsers_read_exactly_the_api_sessions_of_every_demo_feed(api, db_url):
    groups = await _demo_with_exceptions(api, db_url)
    assert len(groups) >= 40
    sessions = {g["id"]: await _occurrences(api, g["id"]) for g in groups}
    expected = {g["id"]: _from_api(sessions[g["id"]]) for g in groups}
    feeds: dict[str, str] = {}
    for g in groups:
        _, feeds[g["id"]] = await api.call("GET", f"/v1/groups/{g['id']}/calendar.ics", headers=ANON, status=200)
    venue = next(g["venue"]["id"] for g in groups if g["name"] == MORNING)
    _, feeds["venue"] = await api.call("GET", f"/v1/venues/{venue}/calendar.ics", headers=ANON, status=200)
    expected["venue"] = sum((expected[g["id"]] for g in groups if g["venue"]["id"] == venue), Counter())
    _, morning = await api.call("GET", f"/v1/admin/groups/{next(g['id'] for g in groups if g['name'] == MORNING)}",
                                status=200)  # fmt: skip
    teacher = morning["teacherIds"][0]
    _, feeds["teacher"] = await api.call("GET", f"/v1/teachers/{teacher}/calendar.ics", headers=SYSTEM, status=200)
    expected["teacher"] = await _teacher_expected(api, teacher, groups, sessions)

    javascript = await _javascript(feeds)
    for name, text in feeds.items():
        assert _recurring_ical_events(text) == expected[name], f"recurring-ical-events, feed {name}"
        assert javascript["icaljs"][name] == expected[name], f"ical.js, feed {name}"
        assert javascript["nodeical"][name] == expected[name], f"node-ical, feed {name}"

    # The comparison covers what it claims: both DST changes, the moves onto the DST Sundays, cancellations.
    every = sum(expected.values(), Counter())
    starts = {start for start, _, _ in every}
    assert {"2026-10-25T10:00", "2027-03-28T10:00"} <= starts  # moved onto the DST Sundays
    assert any(s.startswith("2026-10-2") and s < "2026-10-25" for s in starts)  # summer time before
    assert any("2026-10-26" <= s < "2026-11-01" for s in starts)  # winter time after
    assert any("2027-03-22" <= s < "2027-03-28" for s in starts) and any(s >= "2027-04-05" for s in starts)
    assert sum(n for (_, _, cancelled), n in every.items() if cancelled) >= 3
    assert expected["teacher"][("2026-10-26T18:00", "2026-10-26T21:00", False)] == 1  # the substitution
    assert UUID(teacher) and sum(expected["venue"].values()) > 1000
