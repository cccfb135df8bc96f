"""Feeds agree with the API: recurring-ical-events over the .ics gives exactly the API's occurrences."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import recurring_ical_events

from services.sfi_schedule.calendar.days_off import swedish_holidays
from services.sfi_schedule.calendar.model import TZ
from tests.integration.sfi.conftest import ANON, SYSTEM, group_payload

YEAR = {"startDate": "2026-08-17", "endDate": "2027-06-30"}


async def _schedule(api, base) -> list[str]:
    every = await api.create(
        "/v1/admin/groups",
        group_payload(
            base,
            name="Varje vecka",
            **YEAR,
            slots=[{"weekday": 1, "start": "09:00", "end": "12:00"}, {"weekday": 4, "start": "09:00", "end": "12:00"}],
        ),
    )
    odd = await api.create(
        "/v1/admin/groups",
        group_payload(
            base,
            name="Udda kväll",
            variant="evening",
            teacherIds=[base.bertil],
            roomId=base.small_room,
            capacity=8,
            **YEAR,
            slots=[
                {"weekday": 1, "start": "18:00", "end": "20:30", "interval": "odd"},
                {"weekday": 7, "start": "18:00", "end": "20:00", "interval": "even"},
            ],
        ),
    )
    parental = await api.create(
        "/v1/admin/groups",
        group_payload(
            base,
            name="Föräldralediga",
            variant="parental_leave_open_preschool",
            venueId=base.preschool,
            roomId=None,
            capacity=10,
            childPresent=True,
            **YEAR,
            slots=[{"weekday": 2, "start": "10:00", "end": "12:00"}],
        ),
    )
    move = {"originalStart": "2026-10-26T09:00", "newStart": "2026-10-27T13:00", "newEnd": "2026-10-27T16:00"}
    exceptions = [
        (every["id"], {"originalStart": "2026-09-07T09:00", "cancelled": True}),
        (every["id"], move),
        (odd["id"], {"originalStart": "2027-03-15T18:00", "teacherIds": [base.anna]}),
        (parental["id"], {"originalStart": "2026-10-27T10:00", "cancelled": True}),
    ]  # fmt: skip
    for gid, payload in exceptions:
        await api.create(f"/v1/admin/groups/{gid}/exceptions", payload)
    await api.call("POST", "/v1/publications", json={}, status=201)
    return [every["id"], odd["id"], parental["id"]]


def _pairs(items) -> set[tuple[datetime, datetime]]:
    return {(a.astimezone(TZ), b.astimezone(TZ)) for a, b in items}


async def test_occurrences_equal_the_ics_expanded_by_recurring_ical_events(api, base):
    first, last = date(2026, 8, 1), date(2027, 7, 31)
    holidays = swedish_holidays(first, last)
    for gid in await _schedule(api, base):
        window = f"from={first}&to={last}&limit=500"
        _, occ = await api.call("GET", f"/v1/groups/{gid}/occurrences?{window}", headers=ANON, status=200)
        resp, text = await api.call("GET", f"/v1/groups/{gid}/calendar.ics", headers=ANON, status=200)
        assert resp.content_type == "text/calendar"
        cal = icalendar.Calendar.from_ical(text)
        events = recurring_ical_events.of(cal).between(first, last + timedelta(days=1))
        from_ics = [(e.decoded("dtstart"), e.decoded("dtend"), str(e.get("status"))) for e in events]
        api_active = _pairs((datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"]))
                            for o in occ["data"] if o["status"] != "cancelled")  # fmt: skip
        api_cancelled = _pairs((datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"]))
                               for o in occ["data"] if o["status"] == "cancelled")  # fmt: skip
        assert api_active == _pairs((s, e) for s, e, st in from_ics if st != "CANCELLED")
        assert api_cancelled == _pairs((s, e) for s, e, st in from_ics if st == "CANCELLED")
        assert len(api_active) > 20
        assert not [o for o in occ["data"] if date.fromisoformat(o["date"]) in holidays]
        for o in occ["data"]:
            if o["status"] == "scheduled":
                start = datetime.fromisoformat(o["start"])
                assert start.strftime("%H:%M") in ("09:00", "10:00", "18:00")  # DST weeks keep local time


async def test_feed_has_vtimezone_stable_uids_sequence_and_refresh_hints(api, base):
    gid = (await _schedule(api, base))[0]
    resp, text = await api.call("GET", f"/v1/groups/{gid}/calendar.ics", headers=ANON, status=200)
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Stockholm" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text
    assert "RRULE:FREQ=WEEKLY" in text and "EXDATE" in text and "RECURRENCE-ID" in text
    assert "STATUS:CANCELLED" in text and "Anna" not in text and "Lärare" not in text
    assert resp.headers["Last-Modified"] and resp.headers["ETag"]
    again = await api.client.get(
        f"/v1/groups/{gid}/calendar.ics", headers={**ANON, "If-None-Match": resp.headers["ETag"]}
    )
    assert again.status == 304
    uids = {line for line in text.splitlines() if line.startswith("UID:")}
    assert "SEQUENCE:1" in text
    # change the group and republish: same UIDs, higher SEQUENCE
    _, draft = await api.call("GET", f"/v1/admin/groups/{gid}", status=200)
    payload = group_payload(base, name="Varje vecka (ny sal)", **YEAR, slots=draft["slots"])
    await api.call(
        "PUT", f"/v1/admin/groups/{gid}", json=payload, headers={"If-Match": f'"v{draft["version"]}"'}, status=200
    )
    await api.call("POST", "/v1/publications", json={}, status=201)
    _, text2 = await api.call("GET", f"/v1/groups/{gid}/calendar.ics", headers=ANON, status=200)
    assert {line for line in text2.splitlines() if line.startswith("UID:")} == uids
    assert "SEQUENCE:2" in text2


async def test_venue_and_teacher_feeds(api, base):
    await _schedule(api, base)
    _, venue = await api.call("GET", f"/v1/venues/{base.school}/calendar.ics", headers=ANON, status=200)
    assert venue.count("BEGIN:VEVENT") > 4
    await api.call("GET", f"/v1/teachers/{base.anna}/calendar.ics", headers=ANON, status=401)
    _, teacher = await api.call("GET", f"/v1/teachers/{base.anna}/calendar.ics", headers=SYSTEM, status=200)
    assert "20270315T180000" in teacher  # the substitution brings Anna to the odd-week evening group


async def test_venue_feed_304_until_a_publication_changes_a_group_there(api, base):
    ids = await _schedule(api, base)
    url = f"/v1/venues/{base.school}/calendar.ics"
    first = await api.client.get(url, headers=ANON)
    body, tag = await first.text(), first.headers["ETag"]
    assert first.status == 200 and "SEQUENCE:1" in body
    again = await api.client.get(url, headers={**ANON, "If-None-Match": tag})
    assert again.status == 304
    gid = ids[0]
    _, draft = await api.call("GET", f"/v1/admin/groups/{gid}", status=200)
    payload = group_payload(base, name="Varje vecka (ny sal)", **YEAR, slots=draft["slots"])
    await api.call("PUT", f"/v1/admin/groups/{gid}", json=payload, headers={"If-Match": f'"v{draft["version"]}"'},
                   status=200)  # fmt: skip
    await api.call("POST", "/v1/publications", json={}, status=201)
    changed = await api.client.get(url, headers={**ANON, "If-None-Match": tag})
    assert changed.status == 200 and changed.headers["ETag"] != tag
    assert "Varje vecka (ny sal)" in await changed.text()
