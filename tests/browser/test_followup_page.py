"""Must show 3: the follow-up page in real Chromium: screenshots on screen and on paper, charts named for screen
readers with a table beside each, and axe-core (npm, locked in tests/node) finding nothing serious or critical."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, shot, sign_in
from tests.node import package_dir

pytestmark = pytest.mark.e2e

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (evaluated through the DevTools protocol, so the page's CSP does not apply)."""
    page.evaluate((package_dir("axe-core") / "axe.min.js").read_text())
    return page.evaluate(AXE_RUN)


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
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_the_follow_up_page_prints_without_navigation_or_forms(page):
    sign_in(page, "admin")
    page.goto("/follow-up?period=year")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator("form.window").is_visible()
    assert page.locator("#t-targets").is_visible() and page.locator("svg.chart").first.is_visible()
    shot(page, "follow_up_print")
    page.pdf(path=str(SCREENSHOTS / "follow_up.pdf"))
