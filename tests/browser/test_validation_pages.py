"""An applicant applies for validation in the browser, follows the case, and sees the caseworker's decision."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.e2e

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Submitted:
    """What the applicant wrote down from the receipt."""

    follow_url: str
    reference: str
    code: str


def fill_application(page) -> None:
    """Walk the guided steps as an applicant without a Swedish number and with education from Syria."""
    page.goto("/apply")
    page.get_by_label("Undersköterska", exact=False).first.check()
    page.get_by_role("button", name="Nästa").click()
    page.get_by_label("Förnamn").fill("Rania")
    page.get_by_label("Efternamn").fill("Haddad")
    page.get_by_label("Jag har inget svenskt nummer").check()
    page.get_by_label("Vilken id-handling har du?").select_option("passport")
    page.get_by_label("E-post").fill("rania@example.org")
    page.get_by_role("button", name="Nästa").click()
    page.locator("#edu-0-country").fill("SY")
    page.locator("#edu-0-institution").fill("Damascus Nursing Institute")
    page.locator("#edu-0-programme").fill("Nursing assistant")
    page.locator("#edu-0-startYear").fill("2012")
    page.locator("#edu-0-endYear").fill("2014")
    page.locator("#edu-0-language").fill("ar")
    page.get_by_role("button", name="Nästa").click()
    page.get_by_role("button", name="Nästa").click()  # no work experience
    page.get_by_label("Din svenska").select_option("sfi")
    page.get_by_label("Högsta kurs du klarat").select_option("D")
    page.get_by_role("button", name="Nästa").click()
    shot(page, "apply_review")
    page.get_by_role("button", name="Skicka ansökan").click()


@pytest.fixture(scope="module")
def submitted(browser, suite) -> Iterator[Submitted]:
    """An anonymous application with a PDF uploaded from its receipt page."""
    ctx = browser.new_context(base_url=suite.url, locale="sv-SE")
    page = ctx.new_page()
    fill_application(page)
    reference = page.get_by_test_id("reference").inner_text()
    code = page.get_by_test_id("tracking-code").inner_text()
    follow_url = page.get_by_role("link", name="Följ det här ärendet").get_attribute("href")  # by reference, no UUID
    shot(page, "apply_receipt")
    page.get_by_label("Vilken sorts dokument är det?").select_option("diploma")
    page.get_by_label("Fil (PDF", exact=False).set_input_files(
        files=[{"name": "examensbevis.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Ladda upp").click()
    assert "Dokumentet är uppladdat" in page.content()
    yield Submitted(follow_url, reference, code)
    ctx.close()


def follow(page, submitted: Submitted) -> None:
    """Follow the case with the receipt's reference and tracking code typed into the form (never in the URL)."""
    page.goto("/follow")
    page.locator("#f-ref").fill(submitted.reference)
    page.get_by_label("Spårningskod").fill(submitted.code)
    page.get_by_role("button", name="Visa mitt ärende").click()
    assert submitted.code not in page.url


def test_applicant_applies_uploads_a_pdf_and_follows_the_case_with_the_tracking_code(page, submitted):
    assert submitted.reference.startswith("VAL-")
    follow(page, submitted)
    assert submitted.reference in page.locator("h1").inner_text()
    assert "examensbevis.pdf" in page.content()
    assert page.get_by_test_id("state").inner_text().strip()
    shot(page, "case_applicant")


def test_wrong_tracking_code_shows_no_case(page, submitted):
    page.goto(submitted.follow_url)
    page.get_by_label("Spårningskod").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Visa mitt ärende").click()
    assert page.get_by_test_id("state").count() == 0  # no case shown (the typed reference stays in its field)
    assert submitted.reference not in page.locator("h1").inner_text()
    assert page.locator("#f-ref").input_value() == submitted.reference


def move(page, state_label: str, **fields: str) -> None:
    page.get_by_label("Ny status").select_option(label=state_label)
    for name, value in fields.items():
        page.locator(f"#t-{name}").fill(value)
    page.get_by_role("button", name="Flytta").click()
    assert page.get_by_test_id("state").inner_text().strip() == state_label


def test_caseworker_decides_partial_and_the_applicant_sees_the_gap_list(context, page, submitted):
    sign_in(page, "caseworker")
    page.goto("/work")
    shot(page, "work_queue")
    page.get_by_role("link", name=submitted.reference).click()
    move(page, "Kartläggs")
    move(page, "Bedömning bokad", date="2030-05-02", place="Solbacka äldreboende", assessor="Vårdlärare Eva")
    move(page, "Bedömd")
    selects = page.locator("select[data-course]")
    for i in range(selects.count()):
        selects.nth(i).select_option("full" if i < 3 else "none")
    shot(page, "work_case_decision")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.get_by_role("button", name="Ja, registrera beslutet").click()  # a decision is confirmed first
    assert page.get_by_test_id("state").inner_text().strip() == "Beslutad"

    applicant = context.browser.new_context(base_url=page.url.split("/work")[0], locale="sv-SE").new_page()
    follow(applicant, submitted)
    gaps = applicant.get_by_test_id("gap-list").locator("li")
    assert gaps.count() >= 3
    assert applicant.get_by_test_id("outcome").inner_text().strip()
    shot(applicant, "case_decision_gap_list")
