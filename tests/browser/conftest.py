"""Browser tests: headless Debian Chromium driven by Playwright against ``lotsen up --demo``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.chromium import ARGS, ensure_chromium
from tests.e2e.conftest import Suite, e2e_database, make_home, start_suite  # noqa: F401 - fixture re-used
from tests.waiting import HANG

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="package")
def suite(e2e_database: str) -> Iterator[Suite]:  # noqa: F811
    """The whole suite with demo data, on a fresh database."""
    running = start_suite(make_home(), e2e_database, "--demo")
    if running.proc.poll() is not None:
        pytest.fail("lotsen up did not start:\n" + running.read_output())
    yield running
    running.stop()


@pytest.fixture(scope="package")
def browser(suite: Suite) -> Iterator[object]:
    """One headless Chromium for the browser tests (the system one, never a Playwright download).

    It depends on ``suite`` so the asyncio fixtures (databases) are set up before Playwright's sync API
    takes over this thread's event loop; package scope lets go of the loop as soon as the browser tests
    are done, so the asyncio tests of the other folders can run in the same session.
    """
    from playwright.sync_api import sync_playwright

    executable = ensure_chromium()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, suite: Suite) -> Iterator[object]:
    """A fresh browser profile (no cookies) pointed at the suite, Swedish by default."""
    ctx = browser.new_context(base_url=suite.url, locale="sv-SE", viewport={"width": 1100, "height": 900},
                              accept_downloads=True)  # fmt: skip
    ctx.set_default_timeout(HANG * 1000)  # Playwright waits for each state it needs; this only ends a hang
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> object:
    """A page in a fresh profile."""
    return context.new_page()


def shot(page, name: str) -> None:
    """Save a full-page screenshot of the main pages (the folder is git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]', '_', name)}.png"), full_page=True)


def sign_in(page, role: str) -> None:
    """Sign in as the demo person of ``role`` through the sign-in page."""
    page.goto("/signin")
    page.locator(f"form:has(input[name=role][value={role}]) button").click()
    page.wait_for_load_state()
