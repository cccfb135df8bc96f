"""Work placements in real Chromium: the learner, caseworker, SFI administrator and workplace contact pages.

Each page is also checked with axe-core (no serious or critical violation) and for unlabelled controls.
The tests share one ``lotsen up --demo``; each works on its own demo placement so their order does not matter.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import shot, sign_in
from tests.browser.test_accessibility import UNLABELLED

pytestmark = pytest.mark.e2e


def accessible(page) -> None:
    """No serious or critical axe-core violation, and an accessible name on every control."""
    found = serious_violations(page)
    assert found == [], (page.url, found)
    assert page.evaluate(UNLABELLED) == [], page.url


def test_a_learner_asks_for_a_placement_that_fits_around_work_and_sfi_and_prints_the_agreement(page):
    sign_in(page, "resident")  # Amal works on weekdays and studies in the evening
    page.get_by_role("link", name="Min praktik").click()
    assert page.locator("h1").inner_text() == "Min praktik"
    card = page.locator("ul.cards > li", has_text="Språkpraktik i hotellets frukostkök")
    assert "passar med SFI-gruppen" in card.inner_text()
    near = page.locator("main", has_text="Nästan – och varför inte").inner_text()
    assert "krockar med ett arbetspass" in near  # the weekday placements collide with her work
    accessible(page)
    shot(page, "placements_learner")
    card.get_by_role("button", name="Ansök om den här praktiken").click()
    assert "Din förfrågan är skickad" in page.locator("[role=status]").inner_text()
    assert "Föreslagen" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Överenskommelse för utskrift").click()
    assert page.locator("h1").inner_text() == "Praktiköverenskommelse"
    assert "Underskrifter" in page.locator("main").inner_text()
    accessible(page)
    shot(page, "placements_print")


def test_the_learners_pages_are_arabic_right_to_left(page):
    sign_in(page, "resident")
    page.goto("/lang/ar?next=/my/placements")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "تدريبي العملي"
    accessible(page)


def test_a_caseworker_proposes_a_placement_to_a_learner_who_fits_and_agrees_it(page):
    sign_in(page, "caseworker")
    page.get_by_role("link", name="Praktikplatser").first.click()
    page.get_by_role("link", name="Språkpraktik i äldreomsorgen").click()
    fits = page.locator("ul.cards > li")
    assert fits.count() >= 1 and "passar med SFI-gruppen" in fits.first.inner_text()
    accessible(page)
    shot(page, "placements_caseworker_offer")
    name = fits.first.locator("h3").inner_text()
    fits.first.get_by_role("button", name=re.compile("^Föreslå för")).click()
    assert "Praktiken är föreslagen" in page.locator("[role=status]").inner_text()
    page.locator("main ul li", has_text=name).filter(has_text="Föreslagen").get_by_role("link").first.click()
    page.get_by_role("button", name="Kom överens om praktiken").click()
    assert "Överenskommen" in page.locator("h1").inner_text()


def test_a_preschool_placement_is_agreed_only_with_the_registerkontroll_date(page):
    sign_in(page, "caseworker")
    page.goto("/placements")
    page.get_by_role("link", name="Yrkespraktik barnskötare").click()
    page.locator("ul.cards > li").first.get_by_role("button", name=re.compile("^Föreslå för")).click()
    page.locator("main ul li", has_text="Föreslagen").get_by_role("link").first.click()
    page.get_by_role("button", name="Kom överens om praktiken").click()
    assert "kräver registerkontroll" in page.locator("[role=alert]").inner_text()
    page.get_by_label("Registerkontroll visad den").fill("2026-11-01")
    page.get_by_role("button", name="Kom överens om praktiken").click()
    assert "Överenskommen" in page.locator("h1").inner_text()
    assert "Visad 2026-11-01" in page.locator("main dl").inner_text()


def test_an_administrator_registers_a_workplace_and_an_offer_and_sees_progress_toward_the_target(page):
    sign_in(page, "sfi_admin")
    page.goto("/admin/placements")
    accessible(page)
    name = f"Förskolan Tallen {uuid.uuid4().hex[:4]}"
    page.get_by_label("Arbetsplatsens namn").fill(name)
    page.get_by_label("Verksamhet").select_option("preschool")
    page.get_by_label("Gatuadress").fill("Tallvägen 3")
    page.locator("#w-contact").fill("Anna Tall")  # its label also begins "Kontaktpersonens …"
    page.get_by_role("button", name="Registrera arbetsplatsen").click()
    assert "registerkontroll" in page.locator("#err-needsRegisterkontroll").inner_text()  # work with children
    page.get_by_label("Personalen här visar registerkontroll (krävs för arbete med barn)").check()
    page.get_by_role("button", name="Registrera arbetsplatsen").click()
    assert "Arbetsplatsen är registrerad" in page.locator("[role=status]").inner_text()
    page.get_by_label("Arbetsplats", exact=True).select_option(label=name)
    page.get_by_label("Rubrik").fill("Yrkespraktik i förskolan")
    page.get_by_label("Yrke (SSYK 2012)").fill("5311")
    page.get_by_label("tisdag").check()
    page.get_by_label("torsdag").check()
    page.locator("#o-start").fill("08:00")
    page.locator("#o-end").fill("12:00")
    page.get_by_label("Första dag").fill("2027-01-11")
    page.get_by_label("Sista dag").fill("2027-05-28")
    page.get_by_role("spinbutton", name="Platser").fill("2")
    page.locator("#o-mentor").fill("Anna Tall")
    page.get_by_role("button", name="Publicera praktikplatsen").click()
    assert page.locator("h1").inner_text() == "Yrkespraktik i förskolan"
    assert "tisdag, torsdag 08:00–12:00" in page.locator("main dl").inner_text()
    page.get_by_role("link", name="Praktikplatser mot målet").click()
    section = page.locator("section.card", has_text="Kommunal verksamhet")
    assert re.search(r"\d+ av 100 har börjat", section.inner_text())
    assert section.locator("progress").get_attribute("max") == "100"
    assert page.locator("table caption").inner_text().startswith("Påbörjade")
    accessible(page)
    shot(page, "placements_figures")


def test_the_workplace_contact_records_hours_on_an_ongoing_placement(page):
    sign_in(page, "workplace_contact")
    page.get_by_role("link", name="Min arbetsplats").click()
    assert "Äldreboendet Lindgården" in page.locator("main").inner_text()
    accessible(page)
    shot(page, "placements_workplace")
    page.locator("tr", has_text="Pågår").first.get_by_role("link").click()
    page.get_by_label("Utförda timmar hittills").fill("52,5")
    page.get_by_role("button", name="Spara timmarna").click()
    assert "Sparat" in page.locator("[role=status]").inner_text()
    assert "52.5 av" in page.locator("main dl").inner_text()
