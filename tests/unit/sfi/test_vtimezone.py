"""The VTIMEZONE written from zoneinfo: yearly RRULEs, and Mozilla ical.js reads the same offsets as zoneinfo."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from services.sfi_schedule.feeds.vtimezone import changes, vtimezone, vtimezone_ical
from tests.node import node, package_dir

SCRIPT = Path(__file__).parents[2] / "node" / "ics_expand.mjs"
FIRST, LAST = 2015, 2030
# Northern and southern rules, a rule that ended (Sao Paulo 2019), "Friday before the last Sunday" (Jerusalem),
# a 45-minute zone with DST (Chatham), negative DST in the tz source (Dublin), none at all (Tokyo).
ZONES = ["Europe/Stockholm", "America/New_York", "Australia/Sydney", "America/Sao_Paulo", "Asia/Jerusalem",
         "Pacific/Chatham", "Europe/Dublin", "Asia/Tokyo"]  # fmt: skip


def test_stockholm_is_two_open_yearly_rules_on_the_last_sundays_without_rdate():
    zone = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + vtimezone_ical("Europe/Stockholm", 2025, 2028)
                                        + b"END:VCALENDAR\r\n").walk("VTIMEZONE")[0]  # fmt: skip
    assert zone["TZID"] == "Europe/Stockholm"
    rules = {(p.name, p["TZNAME"], p["DTSTART"].dt, p["RRULE"].to_ical()) for p in zone.subcomponents if "RRULE" in p}
    assert rules == {
        ("DAYLIGHT", "CEST", datetime(2025, 3, 30, 2, 0), b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
        ("STANDARD", "CET", datetime(2025, 10, 26, 3, 0), b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
    }
    assert not [p for p in zone.subcomponents if "RDATE" in p]


def test_a_rule_that_ended_has_an_until_in_utc_and_no_later_changes():
    zone = vtimezone("America/Sao_Paulo", FIRST, LAST)
    daylight = [p for p in zone.subcomponents if p.name == "DAYLIGHT"]
    assert daylight and all("UNTIL=" in p["RRULE"].to_ical().decode() for p in daylight if "RRULE" in p)
    assert max(p["RRULE"]["UNTIL"] for p in daylight if "RRULE" in p) < datetime(2019, 1, 1, tzinfo=UTC)


def _wall_times(tz: ZoneInfo) -> list[datetime]:
    """Twice a day for the whole span, and every 15 minutes for three hours either side of each change.

    Only times that exist once (not in the hour skipped in spring nor the one repeated in autumn).
    """
    start, end = datetime(FIRST, 1, 2, tzinfo=UTC), datetime(LAST, 12, 30, tzinfo=UTC)
    out = [(start + timedelta(hours=12 * n, minutes=30)).astimezone(tz) for n in range((end - start).days * 2)]
    for change in changes(tz, start, end):
        out += [(change.at + timedelta(minutes=15 * n)).astimezone(tz) for n in range(-12, 13)]
    walls = [at.replace(tzinfo=None, microsecond=0, fold=0) for at in out]
    return [w for w in walls if _once(w, tz)]


def _once(wall: datetime, tz: ZoneInfo) -> bool:
    first, second = wall.replace(tzinfo=tz), wall.replace(tzinfo=tz, fold=1)
    return first.utcoffset() == second.utcoffset() and first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


def test_ical_js_reads_the_same_instant_as_zoneinfo_for_every_local_time():
    package_dir("ical.js")
    zones, expected = {}, {}
    for tzid in ZONES:
        tz, ics = ZoneInfo(tzid), vtimezone_ical(tzid, FIRST, LAST).decode()
        walls = _wall_times(tz)
        zones[tzid] = {"ics": f"BEGIN:VCALENDAR\r\n{ics}END:VCALENDAR\r\n", "local": [w.isoformat() for w in walls]}
        expected[tzid] = [w.replace(tzinfo=tz).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for w in walls]
    payload = json.dumps({"from": "2000-01-01T00:00:00Z", "to": "2000-01-01T00:00:00Z", "zones": zones})
    done = subprocess.run([node(), str(SCRIPT)], input=payload, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)["zones"]
    for tzid in ZONES:
        pairs = zip(zones[tzid]["local"], expected[tzid], read[tzid], strict=True)
        wrong = [(w, e, r) for w, e, r in pairs if e != r]
        assert not wrong, f"{tzid}: {len(wrong)} local times differ, first {wrong[:3]}"
        assert len(zones[tzid]["local"]) > 10_000


@pytest.mark.parametrize("tzid", ZONES)
def test_every_change_found_is_a_real_change_of_offset_or_name(tzid):
    tz = ZoneInfo(tzid)
    for change in changes(tz, datetime(FIRST, 1, 1, tzinfo=UTC), datetime(LAST, 1, 1, tzinfo=UTC)):
        before, after = (change.at - timedelta(seconds=1)).astimezone(tz), change.at.astimezone(tz)
        assert (before.utcoffset(), before.tzname()) != (after.utcoffset(), after.tzname())
        assert after.utcoffset() == change.after and before.utcoffset() == change.before
