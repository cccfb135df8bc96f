"""The SFI administrator's draft list marks a group that came to collide with another after it was saved."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import shot, sign_in
from tests.e2e.gateway_client import bearer

pytestmark = pytest.mark.e2e

API = "/api/sfi/v1/admin"


def api(page, method: str, path: str, body: dict | None = None, version: int | None = None) -> dict | None:
    """Call the sfi admin API through the gateway as an SFI administrator (bearer token, not the page's cookie)."""
    headers = bearer("browser-sfi-admin", "sfi_admin")
    if version is not None:
        headers["If-Match"] = f'"v{version}"'
    resp = page.request.fetch(API + path, method=method, data=body, headers=headers)
    assert resp.ok, (method, path, resp.status, resp.text())
    return resp.json() if resp.status != 204 else None


def two_groups_that_collide_once_the_study_free_day_is_gone(page, tag: str) -> tuple[dict, dict, str]:
    """Two groups that share a teacher only on 7 December, a study-free day of the first group's term."""
    provider = api(page, "GET", "/providers")["data"][0]["id"]
    school = next(v for v in api(page, "GET", "/venues?limit=500")["data"] if v["kind"] == "school")["id"]
    teacher = api(page, "POST", "/teachers", {"providerId": provider, "name": f"Lärare {tag}"})
    term = {"name": f"HT 2026 {tag}", "firstDay": "2026-08-17", "lastDay": "2026-12-18",
            "studyFreeDays": [{"from": "2026-12-07", "to": "2026-12-07", "reason": "studiedag"}]}  # fmt: skip
    term_id = api(page, "POST", "/terms", term)["id"]
    group = {"course": "B", "path": 2, "variant": "standard", "venueId": school, "roomId": None,
             "teacherIds": [teacher["id"]], "capacity": 10}  # fmt: skip
    mondays = api(page, "POST", "/groups", {**group, "name": f"Krock måndagar {tag}", "termId": term_id,
                                            "startDate": "2026-08-17", "endDate": "2026-12-18",
                                            "slots": [{"weekday": 1, "start": "09:00", "end": "12:00"}]})  # fmt: skip
    one_day = api(page, "POST", "/groups", {**group, "name": f"Krock studiedag {tag}", "startDate": "2026-12-07",
                                            "endDate": "2026-12-07",
                                            "slots": [{"weekday": 1, "start": "10:00", "end": "11:00"}]})  # fmt: skip
    api(page, "PUT", f"/terms/{term_id}", {**term, "studyFreeDays": []}, version=1)
    return mondays, one_day, teacher["name"]


def test_admin_sees_which_draft_groups_collide_with_which_group_when_and_over_whom(page):
    tag = uuid.uuid4().hex[:6]
    mondays, one_day, teacher = two_groups_that_collide_once_the_study_free_day_is_gone(page, tag)
    try:
        sign_in(page, "sfi_admin")
        page.goto("/admin/sfi")
        shot(page, "admin_drafts_collisions")
        assert "2 grupper i utkastet krockar med en annan grupp" in page.locator("#collisions").inner_text()
        marked = page.locator("tr.conflict")
        assert sorted(marked.nth(i).get_by_role("link").first.inner_text() for i in range(marked.count())) == [
            mondays["name"], one_day["name"]
        ]  # fmt: skip
        row = page.locator("tr", has=page.get_by_role("link", name=mondays["name"], exact=True))
        assert f"Krockar med {one_day['name']} den 2026-12-07 kl. 10:00–11:00 (lärare {teacher})" in row.inner_text()
        other = page.locator("tr", has=page.get_by_role("link", name=one_day["name"], exact=True))
        assert f"Krockar med {mondays['name']} den 2026-12-07 kl. 09:00–12:00" in other.inner_text()
        row.get_by_role("link", name=f"Ändra {mondays['name']}").click()
        assert page.get_by_label("Namn").input_value() == mondays["name"]
    finally:  # the suite is shared: leave no collision behind for the other tests
        for group in (mondays, one_day):
            api(page, "DELETE", f"/groups/{group['id']}", version=group["version"])
