"""The pages' ``next=`` redirects (language switch, sign-in) never lead to another host (issue 17, finding 2)."""

from __future__ import annotations

import re

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
