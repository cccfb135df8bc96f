"""Every page: Arabic right-to-left, and an accessible name for every form control."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot, sign_in

pytestmark = pytest.mark.e2e

PUBLIC = ["/", "/sfi", "/sfi/fit", "/apply", "/follow", "/signin", "/sfi/apply", "/sfi/apply/follow"]
STAFF = {"caseworker": ["/work"], "sfi_admin": ["/admin/sfi", "/admin/sfi/groups/new", "/admin/sfi/publications",
                                                 "/admin/sfi/oversight", "/admin/sfi/applications",
                                                 "/admin/sfi/learners"],
         "resident": ["/my"]}  # fmt: skip

# The accessible name a screen reader announces, the way browsers compute it for form controls.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(el => el.type !== 'hidden')
  .filter(el => {
    const byLabel = el.labels && [...el.labels].some(l => l.textContent.trim());
    const byAria = (el.getAttribute('aria-label') || '').trim();
    const byIds = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .some(id => (document.getElementById(id)?.textContent || '').trim());
    const byText = el.tagName === 'BUTTON' && el.textContent.trim();
    return !(byLabel || byAria || byIds || byText);
  })
  .map(el => el.outerHTML.slice(0, 120))"""


def test_arabic_pages_render_right_to_left(page):
    page.goto("/lang/ar?next=/sfi")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "ابحث عن مجموعة SFI" in page.locator("h1").inner_text()
    shot(page, "sfi_finder_ar")
    page.goto("/apply")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "قدّم طلب تقييم المعارف" in page.locator("h1").inner_text()
    shot(page, "apply_ar")
    page.goto("/lang/sv?next=/")
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_language_switch_is_on_every_page_and_keeps_the_page(page):
    for path in PUBLIC:
        page.goto(path)
        assert page.locator("nav.langs a[hreflang=en]").count() == 1, path
    page.goto("/sfi")
    page.locator("nav.langs a[hreflang=en]").click()
    assert page.url.endswith("/sfi")
    assert page.locator("html").get_attribute("lang") == "en"


def unlabelled_on(page, path: str) -> list[str]:
    page.goto(path)
    return page.evaluate(UNLABELLED)


def test_every_form_control_on_every_page_has_an_accessible_label(page, context, browser, suite):
    missing = {p: unlabelled_on(page, p) for p in PUBLIC}
    page.goto("/sfi")
    page.locator("ul.cards > li a").first.click()
    missing[page.url] = page.evaluate(UNLABELLED)
    page.goto("/apply")  # walk the application's steps: each has its own controls
    page.locator("input[name=targetRole]").first.check()
    page.get_by_role("button", name="Nästa").click()
    missing["apply:identity"] = page.evaluate(UNLABELLED)
    page.get_by_label("Förnamn").fill("Test")
    page.get_by_label("Efternamn").fill("Person")
    page.get_by_label("E-post").fill("test@example.org")
    page.locator("#number").fill("19811218-9876")
    for step in ("education", "experience", "swedish"):
        page.get_by_role("button", name="Nästa").click()
        missing[f"apply:{step}"] = page.evaluate(UNLABELLED)
    for role, paths in STAFF.items():
        ctx = browser.new_context(base_url=suite.url, locale="sv-SE")
        staff = ctx.new_page()
        sign_in(staff, role)
        for path in paths:
            missing[f"{role}:{path}"] = unlabelled_on(staff, path)
        if role == "caseworker":
            staff.goto("/work")
            links = staff.locator("table a")
            if links.count():
                links.first.click()
                missing["caseworker:case"] = staff.evaluate(UNLABELLED)
        ctx.close()
    assert {p: m for p, m in missing.items() if m} == {}
