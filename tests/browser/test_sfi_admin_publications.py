"""The SFI administrator schedules a publication for later, sees it in Swedish time, and cancels it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from shared.clock import SYSTEM_CLOCK
from tests.browser.conftest import shot, sign_in
from tests.browser.test_sfi_admin_conflicts import api
from tests.e2e.gateway_client import bearer

pytestmark = pytest.mark.e2e


def schedule(page, note: str, at: str) -> None:
    page.goto("/admin/sfi/publications")
    page.get_by_label("Publicera vid en viss tid").check()
    page.get_by_label("Datum och tid (svensk tid)").fill(at)
    page.get_by_label("Anteckning").fill(note)
    page.get_by_role("button", name="Publicera", exact=True).click()


def test_admin_schedules_a_publication_sees_it_in_swedish_time_and_cancels_it(page):
    tag = uuid.uuid4().hex[:6]
    note = f"Vårterminen {tag}"
    group = draft_change(page, tag)  # a draft without changes has nothing to publish (409)
    sign_in(page, "sfi_admin")
    try:
        day = (SYSTEM_CLOCK.today() + timedelta(days=200)).isoformat()  # ahead, but within the year the service allows
        schedule(page, note, f"{day}T08:30")  # Swedish time, stored as UTC and shown back as typed
        card = page.locator("section.card", has_text=note)
        assert "Schemalagd" in card.inner_text() and f"{day} 08:30" in card.inner_text()
        shot(page, "admin_publication_scheduled")
        card.get_by_role("button", name="Avbryt publiceringen").click()
        assert "publiceringen avbröts" in page.get_by_role("status").inner_text()
        card = page.locator("section.card", has_text=note)
        assert "Avbruten, inte publicerad" in card.inner_text()
        assert card.get_by_role("button", name="Avbryt publiceringen").count() == 0
    finally:  # the suite is shared: the draft goes back to what is published
        current = api(page, "GET", f"/groups/{group['id']}")
        api(page, "DELETE", f"/groups/{group['id']}", version=current["version"])


def draft_change(page, tag: str) -> dict:
    """A new draft group, so the draft differs from the published schedule."""
    provider = api(page, "GET", "/providers")["data"][0]["id"]
    school = next(v for v in api(page, "GET", "/venues?limit=500")["data"] if v["kind"] == "school")["id"]
    teacher = api(page, "POST", "/teachers", {"providerId": provider, "name": f"Lärare {tag}"})
    start = SYSTEM_CLOCK.today() + timedelta(days=14)
    return api(page, "POST", "/groups", {
        "name": f"Ny grupp {tag}", "course": "B", "path": 2, "variant": "standard", "venueId": school,
        "roomId": None, "teacherIds": [teacher["id"]], "capacity": 10, "startDate": start.isoformat(),
        "endDate": (start + timedelta(days=27)).isoformat(),
        "slots": [{"weekday": start.isoweekday(), "start": "09:00", "end": "12:00"}],
    })  # fmt: skip


def test_a_time_more_than_a_year_ahead_is_refused_on_the_page(page):
    note = f"Långt fram {uuid.uuid4().hex[:6]}"
    sign_in(page, "sfi_admin")
    schedule(page, note, f"{SYSTEM_CLOCK.today().year + 2}-01-15T08:30")
    assert "Välj en tid högst ett år fram i tiden." in page.get_by_role("alert").inner_text()
    assert page.locator("section.card", has_text=note).count() == 0


def test_cancelling_a_publication_that_already_happened_is_refused_and_changes_nothing(page):
    admin = bearer("browser-sfi-admin", "sfi_admin")
    sign_in(page, "sfi_admin")
    page.goto("/admin/sfi/publications")
    listed = page.request.get("/api/sfi/v1/publications?limit=500", headers=admin).json()["data"]
    published = next(p for p in listed if p["status"] == "published")  # the demo data is published
    token = page.locator("input[name=csrf]").first.input_value()
    refused = page.request.post(f"/admin/sfi/publications/{published['id']}/cancel", form={"csrf": token})
    assert refused.url.endswith("/admin/sfi/publications?problem=cancel")
    assert "Den publiceringen har redan skett eller avbrutits." in refused.text()
    after = page.request.get(f"/api/sfi/v1/publications/{published['id']}", headers=admin)
    assert after.json()["status"] == "published"


def test_the_history_lists_the_sessions_a_publication_cancelled(page):
    tag = uuid.uuid4().hex[:6]
    provider = api(page, "GET", "/providers")["data"][0]["id"]
    school = next(v for v in api(page, "GET", "/venues?limit=500")["data"] if v["kind"] == "school")["id"]
    teacher = api(page, "POST", "/teachers", {"providerId": provider, "name": f"Lärare {tag}"})
    start = SYSTEM_CLOCK.today() + timedelta(days=14)
    group = api(page, "POST", "/groups", {
        "name": f"Inställd lektion {tag}", "course": "B", "path": 2, "variant": "standard", "venueId": school,
        "roomId": None, "teacherIds": [teacher["id"]], "capacity": 10, "startDate": start.isoformat(),
        "endDate": (start + timedelta(days=27)).isoformat(),
        "slots": [{"weekday": start.isoweekday(), "start": "09:00", "end": "12:00"}],
    })  # fmt: skip
    sign_in(page, "sfi_admin")
    try:
        publish_now(page)
        api(page, "POST", f"/groups/{group['id']}/exceptions", {"originalStart": f"{start}T09:00", "cancelled": True})
        publish_now(page)
        newest = page.locator("section.card").first
        assert "Inställda lektioner" in newest.inner_text()
        assert f"{group['name']} {start} 09:00" in newest.inner_text()
        shot(page, "admin_publication_cancelled_sessions")
    finally:  # the suite is shared: take the group out of the published schedule again
        current = api(page, "GET", f"/groups/{group['id']}")
        api(page, "DELETE", f"/groups/{group['id']}", version=current["version"])
        publish_now(page)


def publish_now(page) -> None:
    page.goto("/admin/sfi/publications")
    page.get_by_label("Publicera nu").check()
    page.get_by_role("button", name="Publicera", exact=True).click()
