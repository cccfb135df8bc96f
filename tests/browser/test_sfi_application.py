"""Issue 18: applying for SFI without e-ID in the browser — submit, follow with the code, an administrator places it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.e2e


def _apply(page) -> tuple[str, str]:
    page.goto("/sfi/apply")
    page.fill("#a-name", "Hodan Ali")
    page.fill("#a-phone", "+46 70 123 45 67")
    page.select_option("#a-lang", "ar")
    page.select_option("#a-course", "A")
    page.select_option("#a-path", "1")
    page.fill("#a-birth", "1991-04-02")
    page.select_option("#a-res", "resident")
    page.get_by_role("button", name="Skicka ansökan").click()
    page.wait_for_load_state()
    shot(page, "sfi_application_receipt")
    reference = page.locator("#sfi-reference").inner_text().strip()
    code = page.locator("#sfi-code").inner_text().strip()
    assert re.fullmatch(r"SFI-\d{4}-[0-9A-Z]{8}", reference) and len(code) == 24
    return reference, code


def _follow(page, reference: str, code: str) -> None:
    page.goto("/sfi/apply/follow")
    page.fill("#sf-ref", reference)
    page.fill("#sf-code", code)
    page.get_by_role("button", name="Visa min ansökan").click()
    page.wait_for_load_state()


def _state(page, reference: str, code: str) -> str:
    _follow(page, reference, code)
    return page.locator("#sfi-state").inner_text()


def test_a_person_without_e_id_applies_follows_it_and_an_administrator_places_it(context):
    visitor = context.new_page()
    # A form with neither e-mail nor phone is sent back with the field named, and nothing is stored.
    visitor.goto("/sfi/apply")
    visitor.fill("#a-name", "Hodan Ali")
    visitor.get_by_role("button", name="Skicka ansökan").click()
    assert "ange en e-postadress eller ett telefonnummer" in visitor.locator("#err-email").inner_text()

    reference, code = _apply(visitor)
    assert "Väntar" in _state(visitor, reference, code)
    assert "/sfi/apply/follow" in visitor.url and code not in visitor.url
    # A wrong code reads exactly like a reference that does not exist.
    _follow(visitor, reference, "0000-0000-0000-0000-0000")
    wrong = visitor.locator("p.notice.bad").inner_text()
    _follow(visitor, "SFI-2000-ZZZZZZZZ", code)
    assert visitor.locator("p.notice.bad").inner_text() == wrong

    admin = context.browser.new_context(base_url=context.pages[0].url.split("/sfi")[0], locale="sv-SE").new_page()
    sign_in(admin, "sfi_admin")
    admin.goto("/admin/sfi/applications")
    admin.get_by_role("link", name=reference).click()
    admin.wait_for_load_state()
    shot(admin, "sfi_application_admin")
    admin.select_option("#p-doc", "passport")
    admin.locator("input[name=groupId]").first.check()
    admin.get_by_role("button", name="Placera i gruppen").click()
    admin.wait_for_load_state()
    placed = admin.locator("#placed").inner_text()
    assert placed.startswith("Placerad i") or placed.startswith("Placerad i kön")
    admin.goto("/admin/sfi/applications")
    assert admin.get_by_role("link", name=reference).count() == 0
    admin.context.close()

    state = _state(visitor, reference, code)
    assert "Du har en plats i" in state or "i kön till" in state
    shot(visitor, "sfi_application_placed")
