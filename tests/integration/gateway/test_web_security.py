"""The pages' security (issue 17): ``next=`` never leads to another host (finding 2), a strict CSP (finding 10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from yarl import URL

# As an attacker would put them into a link: percent-encoded once, decoded by the server.
ENCODED_ATTACKS = [
    "/%09/evil.example/phish",
    "/%0a/evil.example/phish",
    "/%0d%0a/evil.example/phish",
    "/%5C/evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "https:%2F%2Fevil.example",
]


@pytest.mark.parametrize("attack", ENCODED_ATTACKS)
async def test_the_language_switch_goes_home_instead_of_to_another_host(gateway, attack):
    client = await gateway()
    resp = await client.get(URL(f"/lang/en?next={attack}", encoded=True), allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"] == "/"


async def test_the_language_switch_goes_back_to_the_page_on_this_site(gateway):
    client = await gateway()
    resp = await client.get(URL("/lang/en?next=/sfi%3Fcourse%3DB", encoded=True), allow_redirects=False)
    assert (resp.status, resp.headers["Location"]) == (303, "/sfi?course=B")


async def _demo_signin(client, next_value: str):
    page = await client.get(URL(f"/signin?next={next_value}", encoded=True))
    html = await page.text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    hidden_next = re.search(r'name="next" value="([^"]*)"', html).group(1)
    form = {"csrf": csrf, "role": "resident", "next": hidden_next}
    return hidden_next, await client.post("/signin/demo", data=form, allow_redirects=False)


@pytest.mark.parametrize("attack", ENCODED_ATTACKS)
async def test_sign_in_never_carries_a_foreign_next_into_its_form_or_its_redirect(gateway, attack):
    client = await gateway()
    hidden_next, resp = await _demo_signin(client, attack)
    assert hidden_next == ""
    assert resp.status == 303 and resp.headers["Location"] == "/my"


@pytest.mark.parametrize("posted", ["/\t/evil.example/phish", "//evil.example", "/\\evil.example", "https://e.x/"])
async def test_a_foreign_next_posted_to_the_demo_sign_in_is_ignored(gateway, posted):
    client = await gateway()
    page = await client.get("/signin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
    form = {"csrf": csrf, "role": "caseworker", "next": posted}
    resp = await client.post("/signin/demo", data=form, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/work"


async def test_sign_in_returns_to_the_page_it_came_from(gateway):
    client = await gateway()
    _, resp = await _demo_signin(client, "/sfi%3Fcourse%3DB")
    assert resp.headers["Location"] == "/sfi?course=B"


TEMPLATES = Path(__file__).resolve().parents[3] / "services" / "gateway" / "web" / "templates"


@pytest.mark.parametrize("path", ["/", "/sfi", "/signin", "/apply", "/follow", "/work"])
async def test_pages_allow_only_their_own_nonce_for_scripts(gateway, path):
    client = await gateway()
    first, second = await client.get(path), await client.get(path)
    policies = [first.headers["Content-Security-Policy"], second.headers["Content-Security-Policy"]]
    nonces = []
    for policy in policies:
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        script = directives["script-src"]
        assert re.fullmatch(r"'nonce-[A-Za-z0-9_-]{24}'", script), script
        nonces.append(script)
        assert directives["default-src"] == "'none'" and directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert nonces[0] != nonces[1]


def test_templates_have_no_script_without_the_nonce_and_no_inline_styles_or_handlers():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert 'nonce="{{ csp_nonce() }}"' in tag, (template, tag)
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", text), template
