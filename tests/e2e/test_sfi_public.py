"""Issue 4 on `lotsen up --demo`, through the gateway: the public schedule as a visitor or system reads it."""

from __future__ import annotations

from datetime import date, timedelta

import aiohttp
import icalendar
import pytest

from tests.e2e.conftest import Suite

pytestmark = pytest.mark.e2e


async def _get(suite: Suite, path: str, **kw):
    async with aiohttp.ClientSession() as http, http.get(suite.url + path, **kw) as resp:
        body = await resp.read()
        return resp.status, resp.headers, body


async def _all_groups(suite: Suite, query: str) -> list[dict]:
    import json

    groups, token = [], None
    while True:
        path = f"/api/sfi/v1/groups?{query}&limit=100" + (f"&pageToken={token}" if token else "")
        status, _, body = await _get(suite, path)
        assert status == 200, body
        page = json.loads(body)
        groups += page["data"]
        token = page["pageToken"]
        if not token:
            return groups


async def test_the_next_page_link_is_the_gateway_url_and_leads_to_the_next_page(suite: Suite):
    import json

    status, headers, body = await _get(suite, "/api/sfi/v1/groups?limit=1")
    assert status == 200
    link = headers["Link"]
    assert link.startswith("</api/sfi/v1/groups?") and link.endswith('>; rel="next"'), link
    status, _, second = await _get(suite, link[1 : link.index(">")])
    assert status == 200
    assert json.loads(second)["data"][0]["id"] != json.loads(body)["data"][0]["id"]


async def test_evening_filter_returns_only_groups_starting_at_or_after_17(suite: Suite):
    groups = await _all_groups(suite, "daypart=evening")
    assert groups
    starts = [s["start"] for g in groups for s in g["slots"]]
    assert all(start >= "17:00" for start in starts), starts


async def test_open_preschool_filter_returns_the_parental_leave_groups(suite: Suite):
    groups = await _all_groups(suite, "venueKind=open_preschool")
    assert len(groups) >= 2
    assert all(g["variant"] == "parental_leave_open_preschool" for g in groups)
    assert all(g["childPresent"] for g in groups)


async def test_a_group_feed_is_valid_icalendar_without_personal_data_and_304s(suite: Suite):
    group = (await _all_groups(suite, "daypart=evening"))[0]
    status, headers, body = await _get(suite, f"/api/sfi/v1/groups/{group['id']}/calendar.ics")
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(body)
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
    assert cal.walk("VEVENT")
    assert b"ATTENDEE" not in body and b"ORGANIZER" not in body
    status, _, _ = await _get(suite, f"/api/sfi/v1/groups/{group['id']}/calendar.ics",
                              headers={"If-None-Match": headers["ETag"]})  # fmt: skip
    assert status == 304


async def test_occurrence_window_over_400_days_is_422_and_drafts_stay_hidden(suite: Suite):
    group = (await _all_groups(suite, "daypart=evening"))[0]
    start = date(2026, 8, 1)
    status, _, body = await _get(
        suite, f"/api/sfi/v1/groups/{group['id']}/occurrences?from={start}&to={start + timedelta(days=401)}"
    )
    assert status == 422 and b"pointer" in body
    status, _, _ = await _get(suite, "/api/sfi/v1/admin/groups")
    assert status == 401
