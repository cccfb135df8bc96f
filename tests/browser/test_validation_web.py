"""Issue 21, the validation pages in real Chromium: forms people can finish, what they see after sending,
the caseworker's pages, and error pages chosen by ``Accept``; axe-core on each page at two sizes, sv/en/ar.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import shot, sign_in
from tests.browser.test_validation_pages import PDF, fill_application

pytestmark = pytest.mark.e2e

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
DEVELOPER_TEXT = ("ISO 3166", "may not be null", "Field may", "must be", "alpha-2", "Missing data")


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def current_step(page) -> str:
    return page.locator("ol.steps [aria-current=step]").inner_text().strip()


def to_identity_step(page) -> None:
    page.goto("/apply")
    page.locator("input[name=targetRole]").first.check()
    page.get_by_role("button", name="Nästa").click()


def fill_identity(page, number: str = "19811218-9876") -> None:
    page.get_by_label("Förnamn").fill("Samir")
    page.get_by_label("Efternamn").fill("Nasser")
    page.locator("#number").fill(number)
    page.get_by_label("E-post").fill("samir@example.org")


def send_rest_without_education(page) -> None:
    """From the education step: nothing abroad, no work, Swedish none, then send."""
    page.get_by_role("button", name="Nästa").click()  # education left empty, as the page says
    assert current_step(page) == "Arbetslivserfarenhet"
    page.get_by_role("button", name="Nästa").click()
    page.get_by_label("Din svenska").select_option("none")
    page.get_by_role("button", name="Nästa").click()
    page.get_by_role("button", name="Skicka ansökan").click()


def test_an_applicant_with_no_education_abroad_completes_the_application(page):
    to_identity_step(page)
    fill_identity(page)
    page.get_by_role("button", name="Nästa").click()
    send_rest_without_education(page)
    assert page.get_by_test_id("reference").inner_text().startswith("VAL-")
    for text in DEVELOPER_TEXT:
        assert text not in page.content()


def test_the_personnummer_error_is_tied_to_its_field_and_the_summary_takes_focus(page):
    to_identity_step(page)
    fill_identity(page, number="19811218-9877")  # wrong check digit
    page.get_by_role("button", name="Nästa").click()
    field = page.locator("#number")
    assert field.get_attribute("aria-invalid") == "true"
    described = (field.get_attribute("aria-describedby") or "").split()
    assert "err-number" in described, described
    assert "kontrollsiffra" in page.locator("#err-number").inner_text().lower()
    assert focused_id(page) == "error-summary"
    link = page.locator("#error-summary a[href='#number']")
    assert link.count() == 1
    link.click()
    assert focused_id(page) == "number"
    assert serious_violations(page) == []


def test_each_step_is_checked_as_the_person_goes_in_the_pages_language(page):
    to_identity_step(page)
    fill_identity(page)
    page.get_by_role("button", name="Nästa").click()
    page.locator("#edu-0-country").fill("Syrien")
    page.locator("#edu-0-institution").fill("Damascus Nursing Institute")
    page.locator("#edu-0-programme").fill("Nursing assistant")
    page.locator("#edu-0-startYear").fill("tjugohundra")
    page.get_by_role("button", name="Nästa").click()
    assert current_step(page) == "Utbildning"  # stopped here, not at the last step
    for text in DEVELOPER_TEXT:
        assert text not in page.content(), text
    country = page.locator("#edu-0-country")
    assert country.get_attribute("aria-invalid") == "true"
    assert "två bokstäver" in page.locator("#err-edu-0-country").inner_text()
    assert page.locator("#edu-0-startYear").get_attribute("aria-invalid") == "true"
    assert page.locator("#edu-0-language").get_attribute("aria-invalid") == "true"
    assert page.locator("#error-summary a").count() == 3
    assert focused_id(page) == "error-summary"
    shot(page, "apply_education_errors")


def test_an_education_row_can_be_removed(page):
    to_identity_step(page)
    fill_identity(page)
    page.get_by_role("button", name="Nästa").click()
    page.locator("#edu-0-country").fill("S")  # a half-filled row the person regrets
    page.get_by_role("button", name="Lägg till en utbildning till").click()
    assert page.locator("#edu-1-country").count() == 1
    page.get_by_role("button", name="Ta bort utbildning 1").click()
    assert page.locator("#edu-0-country").input_value() == ""
    assert page.locator("#edu-1-country").count() == 0
    send_rest_without_education(page)
    assert page.get_by_test_id("reference").inner_text().startswith("VAL-")


def test_the_tracking_code_stays_after_an_upload_and_the_case_number_is_short(page):
    fill_application(page)
    reference = page.get_by_test_id("reference").inner_text()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert not UUID.search(page.locator("main").inner_text())
    page.get_by_label("Vilken sorts dokument är det?").select_option("diploma")
    page.get_by_label("Fil (PDF", exact=False).set_input_files(
        files=[{"name": "examensbevis.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Ladda upp").click()
    assert "Dokumentet är uppladdat" in page.content()
    assert page.get_by_test_id("tracking-code").inner_text() == code
    assert reference in page.locator("h1").inner_text()
    assert not UUID.search(page.locator("main").inner_text())


def big_pdf(size: int) -> bytes:
    return PDF + b"%" + b"0" * (size - len(PDF) - 2) + b"\n"


def test_a_document_of_several_megabytes_uploads_and_a_too_large_one_gets_a_page(page):
    fill_application(page)
    page.get_by_label("Vilken sorts dokument är det?").select_option("diploma")
    page.get_by_label("Fil (PDF", exact=False).set_input_files(
        files=[{"name": "stor.pdf", "mimeType": "application/pdf", "buffer": big_pdf(3 * 1024 * 1024)}]
    )
    page.get_by_role("button", name="Ladda upp").click()
    assert "Dokumentet är uppladdat" in page.content()
    assert "stor.pdf" in page.content()
    page.get_by_label("Vilken sorts dokument är det?").select_option("diploma")
    page.get_by_label("Fil (PDF", exact=False).set_input_files(
        files=[{"name": "jatte.pdf", "mimeType": "application/pdf", "buffer": big_pdf(11 * 1024 * 1024)}]
    )
    page.get_by_role("button", name="Ladda upp").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "problem+json" not in page.content() and '"status"' not in page.content()
    assert "för stor" in page.locator("#err-file").inner_text()
    assert page.locator("#doc-file").get_attribute("aria-invalid") == "true"
    assert focused_id(page) == "error-summary"
    assert page.locator("#error-summary a[href='#doc-file']").count() == 1
    assert page.get_by_test_id("tracking-code").count() == 1  # still shown, the person can try again


def test_the_receipt_has_a_print_view(page):
    fill_application(page)
    page.emulate_media(media="print")
    assert page.locator("header.site").is_hidden()
    assert page.locator("footer.site").is_hidden()
    assert page.locator("form[action$='/documents']").is_hidden()
    assert page.get_by_test_id("reference").is_visible()
    page.emulate_media(media="screen")
    assert page.get_by_role("button", name="Skriv ut kvittot").is_visible()


def open_demo_case(page, reference: str = "VAL-DEMO-0003") -> None:
    sign_in(page, "caseworker")
    page.goto("/work")
    page.get_by_role("link", name=reference).click()


def test_caseworker_pages_show_local_minutes_role_names_and_no_preselected_status(page):
    open_demo_case(page)
    history = page.locator("[data-testid=history]").inner_text()
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", history) and "+00:00" not in history and "T" not in history[:20]
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", history)
    assert "underskoterska" not in page.locator("main").inner_text()
    assert "elevassistent" not in page.locator("main").inner_text()
    assert "Elevassistent" in page.locator("main").inner_text()
    assert page.locator("#t-to").input_value() == ""
    page.get_by_role("button", name="Flytta").click()
    assert page.locator("#t-to").get_attribute("aria-invalid") == "true"
    page.goto("/work")
    assert "elevassistent" not in page.locator("tbody").inner_text()


def test_a_decision_is_confirmed_first_and_then_shows_the_gap_list_and_the_certificate(page):
    fill_application(page)
    reference = page.get_by_test_id("reference").inner_text()
    page.context.clear_cookies()
    open_demo_case(page, reference)
    for state in ("Kartläggs", "Bedömning bokad", "Bedömd"):
        page.get_by_label("Ny status").select_option(label=state)
        if state == "Bedömning bokad":
            page.locator("#t-date").fill("2030-05-02")
            page.locator("#t-place").fill("Solbacka äldreboende")
            page.locator("#t-assessor").fill("Vårdlärare Eva")
        page.get_by_role("button", name="Flytta").click()
        assert page.get_by_test_id("state").inner_text().strip() == state
    selects = page.locator("select[data-course]")
    for i in range(selects.count()):
        selects.nth(i).select_option("full" if i < 2 else "none")
    page.get_by_role("button", name="Registrera beslutet").click()
    assert page.get_by_test_id("state").inner_text().strip() == "Bedömd"  # nothing recorded yet
    assert page.get_by_role("heading", name="Bekräfta beslutet").is_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ja, registrera beslutet").click()
    assert page.get_by_test_id("state").inner_text().strip() == "Beslutad"
    assert page.get_by_test_id("gap-list").locator("li").count() >= 1
    assert page.get_by_role("link", name="Intyget (PDF)").count() == 1


def search(page, text: str) -> None:
    page.goto("/work")
    page.get_by_label("Sök ärende").fill(text)
    page.get_by_role("button", name="Sök").click()


def test_caseworkers_search_by_reference_name_or_personal_number_never_in_the_url(page):
    sign_in(page, "caseworker")
    search(page, "VAL-DEMO-0002")
    assert page.get_by_role("link", name="VAL-DEMO-0002").count() == 1
    search(page, "kovalenko")
    assert page.get_by_role("link", name="VAL-DEMO-0003").count() == 1
    search(page, "19811218-9876")
    assert "9876" not in page.url and "19811218" not in page.url
    results = page.locator("[data-testid=search-results]").inner_text()
    assert "VAL-DEMO-0002" in results and "VAL-DEMO-0004" in results and "VAL-DEMO-0003" not in results
    assert serious_violations(page) == []


def fetch(page, url: str, accept: str) -> tuple[int, str, str]:
    """An API client's request (no browser navigation): only the Accept header differs."""
    answer = page.request.get(url, headers={"Accept": accept}, fail_on_status_code=False)
    return answer.status, answer.headers.get("content-type", ""), answer.text()


def test_a_mistyped_url_shows_a_page_to_browsers_and_problem_json_to_api_clients(page, suite):
    answer = page.goto("/sfii")
    assert answer.status == 404
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Sidan finns inte"
    assert "problem" not in page.content()
    status, kind, body = fetch(page, suite.url + "/sfii", "application/json")
    assert status == 404 and kind.startswith("application/problem+json") and json.loads(body)["status"] == 404
    status, kind, body = fetch(page, suite.url + "/api/validation/v1/nothing-here", "text/html,*/*;q=0.8")
    assert status == 401 and kind.startswith("text/html") and "Logga in" in body  # chosen by Accept, any path
    status, kind, _ = fetch(page, suite.url + "/api/validation/v1/nothing-here", "*/*")
    assert status == 401 and kind.startswith("application/problem+json")
    sign_in(page, "resident")
    answer = page.goto("/work")
    assert answer.status == 403 and page.locator("h1").inner_text() == "Inte för dig"


PAGES = ["/apply", "/follow", "/no-such-page"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_axe_finds_nothing_serious_on_the_pages_touched(browser, suite, lang, viewport):
    ctx = browser.new_context(base_url=suite.url, locale="sv-SE", viewport=VIEWPORTS[viewport])
    page = ctx.new_page()
    page.goto(f"/lang/{lang}?next=/")
    found = {}
    for path in PAGES:
        page.goto(path)
        found[path] = serious_violations(page)
    fill_application_any_language(page)
    found["apply:errors"] = serious_violations(page)
    page.goto("/apply")
    to_review_without_education(page)
    found["receipt"] = serious_violations(page)
    page.locator("#doc-kind").select_option("diploma")
    page.locator("#doc-file").set_input_files(files=[{"name": "a.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("form[action$='/documents'] button[type=submit]").click()
    assert page.get_by_test_id("tracking-code").count() == 1
    found["case (applicant)"] = serious_violations(page)
    sign_in(page, "caseworker")
    page.goto("/admin/sfi")
    assert page.locator("[data-status='403']").count() == 1
    found["403"] = serious_violations(page)
    page.goto("/work")
    found["/work"] = serious_violations(page)
    page.locator("a[href^='/work/cases/']").first.click()
    found["/work/case"] = serious_violations(page)
    page.goto("/work")
    page.locator("#search-q").fill("Kovalenko")
    page.locator("#search-q").press("Enter")
    found["/work/search"] = serious_violations(page)
    ctx.close()
    assert {k: v for k, v in found.items() if v} == {}


def fill_application_any_language(page) -> None:
    """The identity step sent with a wrong number: the error state, whatever the language."""
    page.goto("/apply")
    page.locator("input[name=targetRole]").first.check()
    page.locator("button[value=next]").click()
    page.locator("#given").fill("Samir")
    page.locator("#number").fill("1")
    page.locator("button[value=next]").click()


def to_review_without_education(page) -> None:
    page.locator("input[name=targetRole]").first.check()
    page.locator("button[value=next]").click()
    page.locator("#given").fill("Samir")
    page.locator("#family").fill("Nasser")
    page.locator("#number").fill("19811218-9876")
    page.locator("#email").fill("samir@example.org")
    for _ in range(3):
        page.locator("button[value=next]").click()
    page.locator("#swedishKind").select_option("none")
    page.locator("button[value=next]").click()
    page.locator("button[value=submit]").click()
