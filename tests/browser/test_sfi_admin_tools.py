"""The SFI administrator's pages: a scheduled time refused in the form, a double booking said in the page's
language and naming the teacher, chart labels as names, the list of learners, the print view of a schedule."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.sfi_schedule.calendar.days_off import swedish_holidays
from shared.clock import SYSTEM_CLOCK
from tests.browser.conftest import shot, sign_in
from tests.browser.test_sfi_admin_conflicts import api
from tests.browser.test_sfi_admin_publications import schedule
from tests.browser.test_sfi_enrolment_pages import groups, no_serious_violations

pytestmark = pytest.mark.e2e

CODES = re.compile(r"\b(morning|afternoon|evening|weekend|mixed|school|library|open_preschool|workplace|digital)\b")


@pytest.mark.parametrize("when", ["past", "empty"])
def test_a_scheduled_publication_with_a_past_or_empty_time_is_refused_in_the_form(page, context, when):
    note = f"Fel tid {uuid.uuid4().hex[:6]}"
    sign_in(page, "sfi_admin")
    past = (datetime.now(ZoneInfo("Europe/Stockholm")) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    schedule(page, note, past if when == "past" else "")
    field = page.get_by_label("Datum och tid (svensk tid)")
    assert field.get_attribute("aria-invalid") == "true"
    described = page.locator(f"#{field.get_attribute('aria-describedby')}").inner_text()
    expected = "Den tiden har redan passerat" if when == "past" else "Ange datum och klockslag"
    assert expected in described
    assert page.get_by_label("Publicera vid en viss tid").is_checked(), "the choice is kept"
    assert page.get_by_label("Anteckning").input_value() == note, "what was typed is kept"
    summary = page.get_by_role("alert")
    assert summary.get_by_role("link").get_attribute("href") == "#p-at"
    assert page.locator("section.card", has_text=note).count() == 0, "nothing was scheduled or published"
    no_serious_violations(page, context)


def test_a_double_booked_teacher_is_named_once_per_date_in_the_pages_language(page, context):
    tag = uuid.uuid4().hex[:6]
    provider = api(page, "GET", "/providers")["data"][0]["id"]
    school = next(v for v in api(page, "GET", "/venues?limit=500")["data"] if v["kind"] == "school")
    teacher = api(page, "POST", "/teachers", {"providerId": provider, "name": f"Lärare Krock {tag}"})
    # Three weeks ahead in Swedish time, on a day that is not a public holiday (a holiday has no session, so the
    # first collision would fall a week later: 2026-12-03 + 21 days is Christmas Eve).
    start = SYSTEM_CLOCK.today() + timedelta(days=21)
    while start in swedish_holidays(start, start):
        start += timedelta(days=1)
    body = {"course": "B", "path": 2, "variant": "standard", "venueId": school["id"], "roomId": None,
            "teacherIds": [teacher["id"]], "capacity": 10, "startDate": start.isoformat(),
            "endDate": (start + timedelta(days=69)).isoformat(),
            "slots": [{"weekday": start.isoweekday(), "start": "09:00", "end": "12:00"}]}  # fmt: skip
    first = api(page, "POST", "/groups", {**body, "name": f"Förmiddag {tag}"})
    try:
        sign_in(page, "sfi_admin")
        page.goto("/admin/sfi/groups/new")
        page.get_by_label("Namn").fill(f"Krockar {tag}")
        page.get_by_label("Kurs", exact=True).select_option("B")
        page.get_by_label("Studieväg").select_option("2")
        page.get_by_label("Lokal", exact=True).select_option(value=school["id"])
        page.get_by_label(teacher["name"]).check()
        page.get_by_label("Platser").fill("10")
        page.get_by_label("Första dag").fill(body["startDate"])
        page.get_by_label("Sista dag").fill(body["endDate"])
        page.get_by_label("Veckodag (lektion 1)").select_option(str(start.isoweekday()))
        page.get_by_label("Börjar (lektion 1)").fill("10:00")
        page.get_by_label("Slutar (lektion 1)").fill("11:00")
        page.get_by_role("button", name="Spara i utkastet").click()
        alert = page.locator("#conflict")
        text = alert.inner_text()
        shot(page, "admin_group_teacher_conflict")
        assert f"lärare {teacher['name']}" in text
        assert f"Förmiddag {tag}" in text
        items = [alert.locator("li").nth(i).inner_text() for i in range(alert.locator("li").count())]
        assert items and len(items) == len(set(items)), items
        assert start.isoformat() in text
        for english in ("collides", "booked", "conflict", "teacher "):
            assert english not in text, (english, text)
        no_serious_violations(page, context)
    finally:
        api(page, "DELETE", f"/groups/{first['id']}", version=first["version"])


def test_the_supply_chart_is_labelled_with_names_not_codes(page, context):
    sign_in(page, "sfi_admin")
    page.goto("/admin/sfi/oversight")
    labels = page.locator("svg.chart text.label")
    assert labels.count() >= 1
    texts = [labels.nth(i).text_content() for i in range(labels.count())]
    assert not [t for t in texts if CODES.search(t)], texts
    assert any("kväll" in t for t in texts), texts
    no_serious_violations(page, context)


def test_the_list_of_learners_filters_by_course_path_waiting_since_risk_and_placement(page, context):
    sign_in(page, "sfi_admin")
    page.get_by_role("link", name="Elever").first.click()
    assert page.locator("h1").inner_text() == "Elever"
    no_serious_violations(page, context)
    page.get_by_label("Kurs", exact=True).select_option("B")
    page.get_by_role("button", name="Visa elever").click()
    rows = page.locator("table.learners tbody tr")
    names = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert names and all(re.fullmatch(r"\w+ \d+", n) for n in names), names  # the demo queue for course B
    assert "Amal Hassan" not in names
    page.get_by_label("Väntar sedan").fill((SYSTEM_CLOCK.today() + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Visa elever").click()
    waiting = page.locator("table.learners tbody tr td.status")
    assert 1 <= waiting.count() < len(names), "only those in a queue, not those with a seat"
    assert all("i kön till" in waiting.nth(i).inner_text() for i in range(waiting.count()))
    page.get_by_label("Väntar sedan").fill("2000-01-01")
    page.get_by_role("button", name="Visa elever").click()
    assert "Inga elever matchar" in page.locator("table.learners").inner_text()
    page.goto("/admin/sfi/learners?path=2&course=C")
    assert "Amal Hassan" in page.locator("table.learners").inner_text()
    page.goto("/admin/sfi/learners?risk=yes")
    at_risk = page.locator("table.learners tbody tr")
    assert all("Ja" in at_risk.nth(i).locator("td.risk").inner_text() for i in range(at_risk.count()))
    page.goto("/admin/sfi/learners?placement=yes")
    assert "Amal Hassan" not in page.locator("table.learners").inner_text()
    shot(page, "admin_learners")
    page.goto("/lang/en?next=/admin/sfi/learners")
    no_serious_violations(page, context)
    page.goto("/lang/ar?next=/admin/sfi/learners")
    no_serious_violations(page, context)


def test_a_groups_schedule_prints_for_the_term_with_the_venues_address_and_a_map_link(page, context):
    group = groups(page, "C")[0]
    page.goto(f"/sfi/groups/{group['id']}")
    venue = group["venue"]
    link = page.get_by_role("link", name=re.compile("Visa på karta|Karta"))
    href = link.get_attribute("href")
    assert href.startswith("https://www.openstreetmap.org/")
    assert page.locator("iframe").count() == 0 and page.locator("img[src*=tile]").count() == 0
    assert venue["street"] in page.locator("address").inner_text()
    page.get_by_role("link", name="Schema för utskrift").click()
    assert page.url.endswith(f"/sfi/groups/{group['id']}/print")
    assert group["name"] in page.locator("h1").inner_text()
    sessions = page.locator("table.schedule tbody tr")
    assert sessions.count() >= 1
    last_row = sessions.nth(sessions.count() - 1).inner_text()
    assert last_row, "the whole term is listed"
    assert venue["street"] in page.locator("address").inner_text()
    page.emulate_media(media="print")
    assert page.locator("header nav").first.is_hidden() or page.locator("nav.langs").is_hidden()
    page.emulate_media(media="screen")
    no_serious_violations(page, context)
    for lang in ("en", "ar"):
        page.goto(f"/lang/{lang}?next=/sfi/groups/{group['id']}/print")
        no_serious_violations(page, context)


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_the_pages_of_enrolling_and_of_sfi_administration_have_no_serious_axe_violations(page, context, browser,
                                                                                         suite, lang):  # fmt: skip
    c_groups = groups(page, "C")
    sign_in(page, "resident")
    page.goto(f"/lang/{lang}?next=/my")
    learner_pages = ["/my", f"/sfi/groups/{c_groups[0]['id']}", f"/sfi/groups/{c_groups[-1]['id']}",
                     f"/sfi/groups/{groups(page, 'B')[0]['id']}", f"/sfi/groups/{c_groups[0]['id']}/print"]  # fmt: skip
    for path in learner_pages:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang
        no_serious_violations(page, context)
    page.goto("/my")
    leave = page.locator("a[href$='/withdraw']")
    assert leave.count() >= 1
    leave.first.click()
    no_serious_violations(page, context)  # the confirmation page (nothing is withdrawn without the POST)

    admin = browser.new_context(base_url=suite.url, locale="sv-SE").new_page()
    sign_in(admin, "sfi_admin")
    admin.goto(f"/lang/{lang}?next=/admin/sfi")
    for path in ("/admin/sfi", "/admin/sfi/groups/new", "/admin/sfi/publications", "/admin/sfi/oversight",
                 "/admin/sfi/learners", "/admin/sfi/learners?risk=yes"):  # fmt: skip
        admin.goto(path)
        no_serious_violations(admin, admin.context)
    admin.context.close()
