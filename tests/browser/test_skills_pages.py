"""The skills mapping in real Chromium: the person's form, result and follow page, and the caseworker's pages.

Against ``lotsen up --demo``: Kalmar's demo shortage list, the demo resident's mapping (three years as
vårdbiträde) and the demo placements. Every page is checked with axe-core and for unlabelled controls.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import shot, sign_in
from tests.browser.test_accessibility import UNLABELLED

pytestmark = pytest.mark.e2e


def accessible(page) -> None:
    """No serious or critical axe-core violation, and an accessible name on every control."""
    assert serious_violations(page) == [], page.url
    assert page.evaluate(UNLABELLED) == [], page.url


def fill_care_assistant(page) -> None:
    """Three years as vårdbiträde, upper-secondary school in Syria, SFI C."""
    page.get_by_label("Nivå").first.select_option("upper_secondary")
    page.locator("#edu-0-country").fill("SY")
    page.locator("#edu-0-years").fill("3")
    page.locator("#exp-0-ssyk").select_option("5330")
    page.locator("#exp-0-years").fill("3")
    page.get_by_label("Din svenska").select_option("sfi")
    page.get_by_label("Högsta kurs du klarat").select_option("C")


def first_occupation(page) -> str:
    return page.get_by_test_id("occupation").first.locator("h2").inner_text()


def test_a_person_without_sign_in_maps_their_skills_and_comes_back_with_the_code(page):
    page.goto("/")
    page.get_by_role("link", name="Kartlägg din kompetens").click()
    assert page.locator("h1").inner_text() == "Kartlägg din kompetens"
    accessible(page)
    fill_care_assistant(page)
    shot(page, "skills_form")
    page.get_by_role("button", name="Visa yrken som passar").click()
    assert page.locator("h1").inner_text() == "Yrken som passar dig"
    assert first_occupation(page).startswith("1. Undersköterskor, hemtjänst")
    card = page.get_by_test_id("occupation").first
    text = card.inner_text()
    assert "räknas som relevant för yrket" in text and "SFI kurs D" in text
    assert "Logga in för att se de lediga praktikplatserna." in text
    reference = page.get_by_test_id("reference").inner_text()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert code not in page.url
    accessible(page)
    shot(page, "skills_result")

    page.goto("/skills/follow")
    page.get_by_label("Referens", exact=False).fill(reference)
    page.get_by_label("Spårningskod").fill(code)
    page.get_by_role("button", name="Visa min kartläggning").click()
    assert first_occupation(page).startswith("1. Undersköterskor, hemtjänst")
    assert reference in page.locator("main").inner_text() and code not in page.url
    accessible(page)


def test_a_mistake_in_the_form_is_named_next_to_the_field(page):
    page.goto("/skills")
    fill_care_assistant(page)
    page.locator("#edu-0-country").fill("Syrien")
    page.get_by_role("button", name="Visa yrken som passar").click()
    assert page.locator("[role=alert]").is_visible()
    assert page.locator("#edu-0-country").get_attribute("aria-invalid") == "true"
    accessible(page)


def test_a_bus_driver_gets_bus_driving_first_and_no_care_role(page):
    page.goto("/skills")
    page.get_by_label("Nivå").first.select_option("upper_secondary")
    page.locator("#edu-0-country").fill("IQ")
    page.locator("#edu-0-years").fill("3")
    page.locator("#exp-0-ssyk").select_option("8331")
    page.locator("#exp-0-years").fill("8")
    page.get_by_label("D", exact=True).check()
    page.get_by_role("button", name="Visa yrken som passar").click()
    assert first_occupation(page).startswith("1. Buss- och spårvagnsförare")


def test_the_signed_in_person_sees_their_mapping_with_the_open_placements(page):
    sign_in(page, "resident")
    page.goto("/skills")
    page.get_by_role("link", name="MAP-DEMO-0001").click()
    assert first_occupation(page).startswith("1. Undersköterskor, hemtjänst")
    placements = page.get_by_test_id("occupation").first.get_by_test_id("placement")
    assert "Språkpraktik i äldreomsorgen" in placements.first.inner_text()
    accessible(page)
    shot(page, "skills_result_signed_in")


def test_the_person_s_pages_are_arabic_right_to_left(page):
    page.goto("/lang/ar?next=/skills")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "تعرّف على مهاراتك"
    accessible(page)


def test_a_caseworker_proposes_a_placement_from_a_result_and_keeps_the_shortage_list(page):
    sign_in(page, "caseworker")
    page.get_by_role("link", name="Kompetenskartläggningar").click()
    page.get_by_role("link", name="MAP-DEMO-0001").click()
    assert page.locator("h1").inner_text() == "Kompetenskartläggning MAP-DEMO-0001"
    accessible(page)
    shot(page, "skills_caseworker_result")
    cleaning = page.locator("article", has_text="SSYK 9111")
    cleaning.get_by_role("button", name="Föreslå den här praktiken").first.click()
    assert "Föreslagen" in page.locator("h1").inner_text()  # the agreement page of the sfi side

    page.goto("/work/skills/shortage")
    accessible(page)
    page.locator("#entry-6-demandLevel").select_option("shortage")  # personliga assistenter: from balance
    page.get_by_label("Anteckning om den här versionen").fill("Ny rekryteringsplan")
    page.get_by_role("button", name="Spara som ny version").click()
    assert "Sparad som version" in page.locator("[role=status]").inner_text()
    shot(page, "skills_shortage")


def test_a_caseworker_records_a_mapping_with_a_person_and_makes_a_validation_application_of_it(page):
    sign_in(page, "caseworker")
    page.goto("/work/skills/new")
    assert page.locator("h1").inner_text() == "Gör en kompetenskartläggning tillsammans med en person"
    fill_care_assistant(page)
    page.get_by_label("Förnamn (frivilligt)").fill("Samira")
    page.get_by_label("Efternamn (frivilligt)").fill("Nour")
    page.get_by_role("button", name="Visa yrken som passar").click()
    assert page.get_by_test_id("tracking-code").inner_text()  # to hand to the person
    first = page.get_by_test_id("occupation").first
    first.locator("summary", has_text="Gör en valideringsansökan").click()
    first.get_by_label("E-post").fill("samira@example.org")
    first.get_by_label("Jag har inget svenskt nummer").check()
    first.get_by_label("Vilken id-handling har du?").select_option("passport")
    accessible(page)
    first.get_by_role("button", name="Gör ansökan").click()
    assert "/work/cases/" in page.url
    assert "Samira" in page.locator("main").inner_text()
