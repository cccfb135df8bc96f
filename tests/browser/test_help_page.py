"""The help page in real Chromium, in all seven languages: language and direction, the topics, axe-core.

Each language is asked for the way a visitor's browser asks (``Accept-Language`` from the profile's locale) and
once by the language cookie; the headings are compared with the ``help`` catalogue, not with the code.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import shot
from tests.languages import DIRECTION, HELP_TOPICS, help_catalogue
from tests.waiting import HANG

pytestmark = pytest.mark.e2e

LANGUAGES = DIRECTION
TOPICS = {
    anchor: HELP_TOPICS[anchor]
    for anchor in (
        "sfi",
        "placements",
        "validation",
        "kartlaggning",
        "start-guarantee",
        "appeal",
        "interpreter",
        "contact",
    )
}
catalogue = help_catalogue


def open_help(browser, suite, *, locale: str, cookie: str | None = None):
    ctx = browser.new_context(base_url=suite.url, locale=locale, viewport={"width": 1100, "height": 900})
    ctx.set_default_timeout(HANG * 1000)
    if cookie:
        ctx.add_cookies([{"name": "lotsen_lang", "value": cookie, "url": suite.url}])
    page = ctx.new_page()
    answer = page.goto("/help")
    assert answer is not None and answer.ok
    return ctx, page


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_help_in_each_language_reads_right_and_passes_axe(browser, suite, lang):
    ctx, page = open_help(browser, suite, locale=lang)
    try:
        texts = catalogue(lang)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == LANGUAGES[lang]
        assert page.locator("h1").inner_text().strip() == texts["Help: answers in plain language"]
        for anchor, msgid in TOPICS.items():
            wanted = texts[msgid].replace("%(months)s", "3")
            assert page.locator(f"#{anchor}").inner_text().strip() == wanted, (lang, anchor)
        contents = page.get_by_role("navigation", name=texts["On this page"])
        assert contents.get_by_role("link").count() == 7
        direction = page.evaluate("() => getComputedStyle(document.querySelector('main')).direction")
        assert direction == LANGUAGES[lang]
        shot(page, f"help_{lang}")
        assert serious_violations(page) == [], lang
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["so", "fa"])
def test_the_language_cookie_wins_and_an_anchor_opens_its_topic(browser, suite, lang):
    ctx, page = open_help(browser, suite, locale="sv-SE", cookie=lang)
    try:
        assert page.locator("html").get_attribute("lang") == lang
        texts = catalogue(lang)
        contents = page.get_by_role("navigation", name=texts["On this page"])
        contents.get_by_role("link", name=texts["How to get an interpreter"]).click()
        page.wait_for_url("**/help#interpreter")
        assert page.locator("#interpreter").is_visible()
        in_view = page.evaluate("() => document.querySelector('#interpreter').getBoundingClientRect().top")
        assert 0 <= in_view < 900
    finally:
        ctx.close()


def test_the_landing_page_links_to_help(page):
    page.goto("/")
    texts = catalogue("sv")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=texts["Help"], exact=True).click()
    page.wait_for_url("**/help")
    assert page.locator("h1").inner_text().strip() == texts["Help: answers in plain language"]
