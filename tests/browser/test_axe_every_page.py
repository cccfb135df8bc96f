"""axe-core on every page a person can reach, in every language the pages speak, at desktop and phone sizes.

The pages are not listed by hand: each kind of user (anonymous, resident, caseworker, SFI administrator,
suite administrator) starts at the landing page and follows the same-origin links the pages show, so a new
page is checked as soon as something links to it. Pages that differ only by an id (one group, one case) are
visited once per shape. Every page found is then checked in Swedish, English and Arabic at both sizes.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.axe import serious_violations
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
LANGUAGES = ("sv", "en", "ar")
ROLES = (None, "resident", "caseworker", "sfi_admin", "admin")
# Not pages: language switches, sign-in and sign-out actions, files (feeds, exports, the certificate).
NOT_PAGES = re.compile(r"^/(lang/|signout|signin/|auth/|logout|static/|api/)|\.(ics|csv|pdf|json|txt)$|/certificate$")
ID = re.compile(r"/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Z]{2,4}-\d{4}-[A-Z0-9]{6,}|\d+)")
MAX_PAGES = 80


def shape(path: str) -> str:
    """``/sfi/groups/<uuid>/print`` → ``/sfi/groups/{id}/print``: one visit per kind of page."""
    return ID.sub("/{id}", path)


def crawl(page, start: str = "/") -> dict[str, str]:
    """Shape → one path of that shape, for every page reachable by links from ``start``."""
    found: dict[str, str] = {}
    todo = [start]
    while todo and len(found) < MAX_PAGES:
        path = todo.pop(0)
        if shape(path) in found:
            continue
        answer = page.goto(path)
        if answer is None or "text/html" not in answer.headers.get("content-type", ""):
            continue
        found[shape(path)] = path
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or NOT_PAGES.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "next=" not in parts.query else "")
            if shape(target) not in found:
                todo.append(target)
    return found


@pytest.fixture(scope="module")
def pages_by_role(browser, suite) -> dict[str | None, dict[str, str]]:
    found = {}
    for role in ROLES:
        ctx = browser.new_context(base_url=suite.url, locale="sv-SE")
        page = ctx.new_page()
        if role:
            sign_in(page, role)
        found[role] = crawl(page)
        ctx.close()
    return found


def test_the_crawl_reaches_the_pages_of_every_kind_of_user(pages_by_role):
    """The walk below is only as good as the crawl: it must reach each kind of user's own pages."""
    assert {"/", "/sfi", "/apply", "/follow", "/signin"} <= set(pages_by_role[None])
    assert "/my" in pages_by_role["resident"]
    assert "/work" in pages_by_role["caseworker"] and any(
        s.startswith("/work/cases/") for s in pages_by_role["caseworker"]
    )
    assert {"/admin/sfi", "/admin/sfi/publications", "/admin/sfi/learners"} <= set(pages_by_role["sfi_admin"])
    assert any(s.startswith("/sfi/groups/") for s in pages_by_role[None])


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_on_any_page(browser, suite, pages_by_role, lang, viewport):
    found = {}
    for role, pages in pages_by_role.items():
        ctx = browser.new_context(base_url=suite.url, locale="sv-SE", viewport=VIEWPORTS[viewport])
        page = ctx.new_page()
        if role:
            sign_in(page, role)
        page.goto(f"/lang/{lang}?next=/")
        for path in pages.values():
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == lang, (role, path)
            found[f"{role or 'anonymous'} {path}"] = serious_violations(page)
        ctx.close()
    assert {k: v for k, v in found.items() if v} == {}
