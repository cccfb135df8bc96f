"""Enrolling from a group's page: why not before pressing anything, refusals in the page's language, moving to
another group and leaving one from my pages, and the whole enrolment flow with the keyboard alone."""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import shot, sign_in
from tests.e2e.gateway_client import bearer

pytestmark = pytest.mark.e2e

AMAL = ("demo-resident-amal", "resident")  # the demo resident: G in course B, a seat in an evening C group
ENROL_BUTTON = re.compile("^(Anmäl dig till gruppen|Ställ dig i kö|Enrol in this group|Join the wait-list)$")


def groups(page, course: str) -> list[dict]:
    resp = page.request.get(f"/api/sfi/v1/groups?course={course}&limit=200")
    assert resp.ok, resp.text()
    return [g for g in resp.json()["data"] if not g.get("deleted")]


def my_seat(page) -> dict:
    """Amal's active entry in course C, read through the API as Amal."""
    resp = page.request.get("/api/sfi/v1/me/enrolments", headers=bearer(*AMAL))
    assert resp.ok, resp.text()
    active = [e for e in resp.json()["data"] if e["course"] == "C" and e["status"] in ("enrolled", "waitlisted")]
    assert len(active) == 1, active
    return active[0]


def only_reason_is_the_seat(page, group_id: str) -> bool:
    """True when the one thing keeping Amal from the group is her seat in another group of the course."""
    resp = page.request.get(f"/api/sfi/v1/groups/{group_id}/eligibility", headers=bearer(*AMAL))
    assert resp.ok, resp.text()
    return [r["key"] for r in resp.json()["reasons"]] == ["enrol.active.enrolled"]


def no_serious_violations(page, context) -> None:
    """axe-core at desktop and phone size."""
    for size in ({"width": 1100, "height": 900}, {"width": 375, "height": 740}):
        page.set_viewport_size(size)
        found = serious_violations(page)
        assert found == [], (page.url, size, found)
    page.set_viewport_size({"width": 1100, "height": 900})


def tab_to(page, name: str | re.Pattern, most: int = 80) -> None:
    """Press Tab until the focused control is named ``name`` (its text or accessible label)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; return el ? "
            "(el.getAttribute('aria-label') || el.innerText || el.value || '').trim() : '' }"
        )
        if name.fullmatch(focused) if isinstance(name, re.Pattern) else focused == name:
            return
    raise AssertionError(f"no control named {name!r} reached with Tab")


def test_an_ineligible_learner_sees_why_before_pressing_anything_in_the_pages_language(page, context):
    sign_in(page, "resident")
    passed = groups(page, "B")[0]  # Amal has G in course B
    page.goto(f"/sfi/groups/{passed['id']}")
    why = page.locator("#why-not")
    assert "du har redan godkänt (G) i kurs B" in why.inner_text()
    assert page.get_by_role("button", name=ENROL_BUTTON).count() == 0, "no enrol button for someone not eligible"
    shot(page, "sfi_group_not_eligible")
    no_serious_violations(page, context)
    page.goto(f"/lang/en?next=/sfi/groups/{passed['id']}")
    assert "you have already passed (G) course B" in page.locator("#why-not").inner_text()
    no_serious_violations(page, context)
    page.goto(f"/lang/ar?next=/sfi/groups/{passed['id']}")
    assert "لقد نجحت (G) بالفعل في الدورة B" in page.locator("#why-not").inner_text()
    no_serious_violations(page, context)
    page.goto(f"/lang/sv?next=/sfi/groups/{passed['id']}")

    # A page opened before the learner passed still has the form: the refusal is said the same way, no raw text.
    token = page.locator("input[name=csrf]").first.input_value()
    answer = page.request.post(f"/sfi/groups/{passed['id']}/enrol", form={"csrf": token})
    text = answer.text()
    assert "du har redan godkänt (G) i kurs B" in text
    assert "Något gick fel" not in text and "/course" not in text and "already passed" not in text


def test_a_learner_moves_to_another_group_leaves_it_and_enrols_again_with_the_keyboard_alone(page, context):
    sign_in(page, "resident")
    seat = my_seat(page)
    home = seat["groupId"]
    other = next(
        g
        for g in groups(page, "C")
        if g["id"] != home and (g.get("freeSeats") or 0) > 0 and only_reason_is_the_seat(page, g["id"])
    )  # a seat moves only to a group with a free seat

    # The other group's page says why she cannot enrol there, and where to change it.
    page.goto(f"/sfi/groups/{other['id']}")
    assert f"du har redan en plats i kurs C ({seat['groupName']})" in page.locator("#why-not").inner_text()
    assert page.get_by_role("button", name=ENROL_BUTTON).count() == 0
    tab_to(page, "Byt grupp eller lämna din plats")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/my([?#]|$)"))
    no_serious_violations(page, context)
    shot(page, "my_pages_controls")

    # Move to the other group (the seat goes along; the old one is offered to the next in line).
    tab_to(page, f"Byt till {other['name']}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/my\?done=moved"))
    assert f"Du har bytt till {other['name']}" in page.get_by_role("status").inner_text()
    assert my_seat(page)["groupId"] == other["id"]

    # Leave it: a confirmation first, then the place is gone.
    tab_to(page, f"Lämna {other['name']}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/my/enrolments/.+/withdraw"))
    assert other["name"] in page.locator("h1").inner_text()
    no_serious_violations(page, context)
    tab_to(page, "Ja, lämna platsen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/my\?done=withdrawn"))
    assert "Du har lämnat din plats" in page.get_by_role("status").inner_text()

    # Enrol again in the first group, from its page, with the keyboard alone.
    page.goto(f"/sfi/groups/{home}")
    assert page.locator("#why-not").count() == 0
    tab_to(page, ENROL_BUTTON)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"enrolled=enrolled"))
    assert "Du har en plats i den här gruppen" in page.get_by_role("status").inner_text()
    assert my_seat(page)["groupId"] == home
