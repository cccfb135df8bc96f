"""A sign-in that goes wrong at the real provider gives a page in the person's language with a retry link.

Each case: status 4xx (or 503 when the provider is down), never 500, exactly one log line naming the
reason, and nothing left behind: no session cookie and no sign-in state.
"""

from __future__ import annotations

import logging

import jwt
import pytest

from tests.integration.gateway.oidc_support import (
    at_provider,
    callback,
    cookie_names,
    sign_in,
    start_signin,
    with_query,
)

TEXTS = {  # the retry link's text in each language
    "sv": "Försök logga in igen",
    "en": "Try signing in again",
    "ar": "حاول تسجيل الدخول مرة أخرى",
}


def signin_warnings(caplog) -> list[str]:
    """The sign-in's log lines at warning level."""
    return [
        r.getMessage() for r in caplog.records if r.name == "lotsen.gateway.signin" and r.levelno >= logging.WARNING
    ]


def assert_failed_cleanly(agent, status, page, expected, caplog, reason, lang="sv", nxt="/my") -> None:
    """The failure page: status, retry link in the language, one log line with the reason, nothing kept."""
    assert status == expected
    assert f'href="/signin/oidc?next={nxt}"' in page
    assert TEXTS[lang] in page
    assert f'lang="{lang}"' in page
    lines = signin_warnings(caplog)
    assert len(lines) == 1, lines
    assert reason in lines[0]
    assert not cookie_names(agent) & {"lotsen_session", "lotsen_oidc"}


async def an_interrupted_callback(agent, gateway, login: str = "karin") -> str:
    """A sign-in up to the provider's redirect back to the gateway (not yet followed)."""
    return await at_provider(agent, await start_signin(agent, gateway, "/my"), login)


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
async def test_a_wrong_state_is_refused_in_the_persons_language(oidc_gateway, caplog, lang):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    agent.headers["Accept-Language"] = f"{lang},en;q=0.5"
    url = await an_interrupted_callback(agent, gateway)
    status, _, page = await callback(agent, with_query(url, state="forged-by-someone-else"))
    assert_failed_cleanly(agent, status, page, 400, caplog, "state does not match", lang)


async def test_an_answer_naming_another_issuer_is_refused(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    url = await an_interrupted_callback(agent, gateway)
    status, _, page = await callback(agent, with_query(url, iss="https://attacker.example"))
    assert_failed_cleanly(agent, status, page, 400, caplog, "iss is not our issuer")


async def test_a_wrong_nonce_is_refused(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    start = with_query(await start_signin(agent, gateway, "/my"), nonce="a-nonce-this-browser-never-got")
    status, _, page = await callback(agent, await at_provider(agent, start, "karin"))
    assert_failed_cleanly(agent, status, page, 400, caplog, "nonce does not match")


async def test_an_expired_code_is_refused(oidc_gateway, live_provider, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    url = await an_interrupted_callback(agent, gateway)
    live_provider.set_clock(120)  # the provider's codes live 60 s
    status, _, page = await callback(agent, url)
    assert_failed_cleanly(agent, status, page, 400, caplog, "invalid_grant")


async def test_a_replayed_callback_is_refused(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    url = await an_interrupted_callback(agent, gateway)
    assert (await callback(agent, url))[:2] == (303, "/my")
    agent.cookie_jar.clear()
    caplog.clear()
    status, _, page = await callback(agent, url)
    assert_failed_cleanly(agent, status, page, 400, caplog, "state cookie missing", nxt="/")


async def test_a_forged_state_cookie_is_refused(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    url = await an_interrupted_callback(agent, gateway)
    kept = next(c for c in agent.cookie_jar if c.key == "lotsen_oidc")
    claims = jwt.decode(kept.value, options={"verify_signature": False})  # the real state, nonce and verifier
    forged = jwt.encode(claims, "a key that is not the gateway's" * 2, algorithm="HS256")
    agent.cookie_jar.clear(lambda c: c.key == "lotsen_oidc")
    agent.cookie_jar.update_cookies({"lotsen_oidc": forged}, response_url=gateway.server.make_url("/signin/x"))
    status, _, page = await callback(agent, url)
    assert_failed_cleanly(agent, status, page, 400, caplog, "state cookie missing", nxt="/")


async def test_the_provider_down_at_the_callback_is_a_503(oidc_gateway, live_provider, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    url = await an_interrupted_callback(agent, gateway)
    live_provider.stop()
    async with agent.get(url, allow_redirects=False) as resp:
        status, page, retry_after = resp.status, await resp.text(), resp.headers.get("Retry-After")
    assert_failed_cleanly(agent, status, page, 503, caplog, "token endpoint unreachable")
    assert retry_after is not None


async def test_the_provider_down_before_the_first_sign_in_is_a_503(oidc_gateway, live_provider, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    live_provider.stop()
    async with agent.get(f"{gateway.url}/signin/oidc", params={"next": "/my"}, allow_redirects=False) as resp:
        status, page = resp.status, await resp.text()
    assert_failed_cleanly(agent, status, page, 503, caplog, "discovery unreachable")


async def test_denied_consent_is_a_403_with_a_retry_link(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    url = await at_provider(agent, await start_signin(agent, gateway, "/my"), "karin", cancel=True)
    assert "error=access_denied" in url
    status, _, page = await callback(agent, url)
    assert_failed_cleanly(agent, status, page, 403, caplog, "error=access_denied")


async def test_a_failed_sign_in_also_ends_an_earlier_session(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    assert (await sign_in(agent, gateway, "karin"))[0] == 303
    assert "lotsen_session" in cookie_names(agent)
    url = await an_interrupted_callback(agent, gateway, "amal")
    status, _, page = await callback(agent, with_query(url, state="wrong"))
    assert_failed_cleanly(agent, status, page, 400, caplog, "state does not match")
    assert "Karin Lind" not in page


async def test_a_person_without_a_lotsen_role_is_refused(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    status, _, page = await sign_in(agent, gateway, "olle", "/my")
    assert_failed_cleanly(agent, status, page, 403, caplog, "no Lotsen role")
