"""The help page (issue 20): answered without signing in, in each of the seven languages, texts from ``help.po``.

The expected texts are read from the catalogues, not from the code: a heading that is not translated, or a page
that takes its words from the wrong language, fails here.
"""

from __future__ import annotations

import html
import re

import pytest

from tests.languages import DIRECTION, HELP_TOPICS, help_catalogue

LANGUAGES = DIRECTION
TOPICS = HELP_TOPICS
CONTENTS = ("sfi", "placements", "validation", "start-guarantee", "appeal", "interpreter", "contact")
BROWSER = "text/html,application/xhtml+xml"


catalogue = help_catalogue


def expected_heading(lang: str, msgid: str) -> str:
    """The heading as the page must show it: the translation, with ``<bdi>`` around a number."""
    return catalogue(lang)[msgid].replace("%(months)s", "<bdi>3</bdi>")


def text_of(markup: str) -> str:
    """Markup as the reader gets it: entities read, every tag but ``<bdi>`` left out."""
    return html.unescape(re.sub(r"<(?!/?bdi>)[^>]+>", "", markup))


def heading(page: str, anchor: str) -> str:
    found = re.search(rf'<h[23] id="{re.escape(anchor)}">(.*?)</h[23]>', page, re.S)
    assert found, f"no heading #{anchor}"
    return found.group(1).strip()


def check_page(page: str, lang: str) -> None:
    assert f'<html lang="{lang}" dir="{LANGUAGES[lang]}">' in page
    for anchor, msgid in TOPICS.items():
        wanted = expected_heading(lang, msgid)
        assert text_of(heading(page, anchor)) == wanted, (lang, anchor)
    for anchor in CONTENTS:
        assert f'<a href="#{anchor}">' in page, f"the table of contents lacks #{anchor}"
    if lang != "en":  # every heading is really in the language, not the English fallback
        assert all(catalogue(lang)[msgid] != msgid for msgid in TOPICS.values()), lang


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
async def test_the_help_page_answers_in_each_language_by_accept_language(gateway, lang):
    client = await gateway()  # no upstream is needed: the page is the gateway's own
    resp = await client.get("/help", headers={"Accept": BROWSER, "Accept-Language": f"{lang},en;q=0.5"})
    assert resp.status == 200
    assert resp.headers["Content-Language"] == lang
    check_page(await resp.text(), lang)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
async def test_the_help_page_follows_the_language_cookie_over_the_browser(gateway, lang):
    client = await gateway()
    headers = {"Accept": BROWSER, "Accept-Language": "sv", "Cookie": f"lotsen_lang={lang}"}
    resp = await client.get("/help", headers=headers)
    assert resp.status == 200
    check_page(await resp.text(), lang)


@pytest.mark.parametrize(("header", "lang"), [("prs", "fa"), ("fa-AF,en;q=0.8", "fa"), ("de", "sv"), ("", "sv")])
async def test_dari_tags_read_persian_and_an_unknown_language_reads_swedish(gateway, header, lang):
    client = await gateway()
    resp = await client.get("/help", headers={"Accept": BROWSER, "Accept-Language": header})
    check_page(await resp.text(), lang)


async def test_numbers_and_the_contact_are_isolated_and_the_contact_comes_from_the_setting(gateway):
    client = await gateway(LOTSEN_GATEWAY_HELP_CONTACT="Kontaktcenter 08-123 456 78")
    page = await (await client.get("/help", headers={"Accept": BROWSER, "Accept-Language": "ar"})).text()
    contact = catalogue("ar")["Contact the municipality: %(contact)s"]
    assert contact.replace("%(contact)s", "<bdi>Kontaktcenter 08-123 456 78</bdi>") in text_of(page)
    assert "<bdi>17:00</bdi>" in page and "<bdi>3–6</bdi>" in page and "0771" not in page


async def test_the_default_contact_and_the_links_to_help_on_every_page(gateway):
    client = await gateway()
    help_page = await (await client.get("/help", headers={"Accept": BROWSER, "Accept-Language": "en"})).text()
    assert "<bdi>0771-00 00 00</bdi>" in help_page
    for lang in ("sv", "ar"):
        landing = await (await client.get("/", headers={"Accept": BROWSER, "Accept-Language": lang})).text()
        texts = catalogue(lang)
        links = re.findall(r'<a href="/help">(.*?)</a>', landing)
        menu, card, footer = texts["Help"], texts["Help in your language"], texts["Help in your language"]
        assert [text_of(link) for link in links] == [menu, card, footer]


async def test_the_help_page_needs_no_sign_in_and_may_be_cached_for_anonymous_visitors(gateway):
    client = await gateway()
    resp = await client.get("/help", headers={"Accept": BROWSER}, allow_redirects=False)
    assert resp.status == 200
    assert "no-store" not in resp.headers.get("Cache-Control", "")
