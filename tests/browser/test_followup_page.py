"""Must show 3: the follow-up page in real Chromium: screenshots on screen and on paper, charts named for screen
readers with a table beside each, and axe-core (npm, locked in tests/node; ``tests/browser/axe.py``) finding
nothing serious or critical."""

from __future__ import annotations

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import SCREENSHOTS, shot, sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_follow_up_page_has_no_serious_accessibility_issue(page, lang):
    sign_in(page, "auditor")
    page.goto(f"/lang/{lang}?next=/follow-up")
    assert page.locator("html").get_attribute("lang") == lang
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() >= 6
    for i in range(charts.count()):
        chart = charts.nth(i)
        ids = chart.get_attribute("aria-labelledby").split()
        assert [bool((page.locator(f"[id='{x}']").text_content() or "").strip()) for x in ids] == [True, True]
        # a table beside every chart, in the same pair
        assert chart.locator("xpath=ancestor::div[contains(@class,'pair')]//table").count() == 1
    assert "< 5" in page.locator("#t-start-by").inner_text()
    shot(page, f"follow_up_{lang}")
    assert serious_violations(page) == []


def test_the_follow_up_page_prints_without_navigation_or_forms(page):
    sign_in(page, "admin")
    page.goto("/follow-up?period=year")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator("form.window").is_visible()
    assert page.locator("#t-targets").is_visible() and page.locator("svg.chart").first.is_visible()
    shot(page, "follow_up_print")
    page.pdf(path=str(SCREENSHOTS / "follow_up.pdf"))
