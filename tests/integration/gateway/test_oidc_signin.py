"""Sign-in through the real OpenID Provider (npm oidc-provider): client authentication, claims, roles, keys."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from services.gateway.oidc.tokens import public_jwk
from tests.integration.gateway.oidc_support import at_provider, callback, cookie_names, session_claims, sign_in

SUBJECT_KEY = "a-subject-key-for-the-tests-" + "z" * 16


@pytest.mark.parametrize("auth", ["client_secret_basic", "client_secret_post"])
async def test_a_caseworker_signs_in_with_roles_and_name_from_userinfo(oidc_gateway, live_provider, auth):
    gateway = await oidc_gateway(auth=auth)
    agent = gateway.agent()
    before, prompts = live_provider.counts().get("/me", 0), []
    status, location, _ = await sign_in(agent, gateway, "karin", prompts=prompts)
    assert (status, location) == (303, "/work")
    assert prompts == ["login", "consent"]
    claims = session_claims(agent)
    assert (claims["sub"], claims["roles"], claims["name"]) == ("karin", ["caseworker"], "Karin Lind")
    assert live_provider.counts()["/me"] == before + 1  # by the provider's default, roles come only from userinfo
    async with agent.get(gateway.url + "/") as resp:
        page = await resp.text()
    assert "Karin Lind" in page
    assert 'href="/work"' in page


async def test_private_key_jwt_authenticates_with_a_signed_assertion(oidc_gateway, tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    pem = tmp_path / "client.pem"
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))  # fmt: skip
    gateway = await oidc_gateway(auth="private_key_jwt", jwks={"keys": [public_jwk(key)]},
                                 LOTSEN_OIDC_PRIVATE_KEY_FILE=str(pem))  # fmt: skip
    agent = gateway.agent()
    assert (await sign_in(agent, gateway, "karin"))[:2] == (303, "/work")
    assert session_claims(agent)["roles"] == ["caseworker"]


async def test_a_string_roles_claim_is_one_role_and_the_name_is_built_from_its_parts(oidc_gateway):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    assert (await sign_in(agent, gateway, "amal"))[:2] == (303, "/my")
    claims = session_claims(agent)
    assert (claims["roles"], claims["name"]) == (["resident"], "Amal Hassan")


async def test_unknown_role_values_and_scopes_are_dropped_and_logged_without_personal_data(oidc_gateway, caplog):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    with caplog.at_level(logging.INFO, logger="lotsen.gateway.signin"):
        assert (await sign_in(agent, gateway, "nora"))[0] == 303
    claims = session_claims(agent)
    assert claims["roles"] == ["caseworker"]  # "wizard", "schedule:read" and "admin:keys" are not Lotsen roles
    assert "scope" not in claims
    lines = [r.getMessage() for r in caplog.records if r.name == "lotsen.gateway.signin"]
    assert lines == ["oidc sign-in: 3 value(s) of claim roles map to no Lotsen role and were dropped"]


async def test_a_nested_groups_claim_maps_through_the_role_table(oidc_gateway):
    gateway = await oidc_gateway(LOTSEN_OIDC_ROLES_CLAIM="realm_access.roles",
                                 LOTSEN_OIDC_ROLE_MAP=json.dumps({"lotsen-sfi-admin": "sfi_admin"}))  # fmt: skip
    agent = gateway.agent()
    assert (await sign_in(agent, gateway, "erik"))[:2] == (303, "/admin/sfi")
    assert session_claims(agent)["roles"] == ["sfi_admin"]


@pytest.mark.parametrize(
    ("login", "env", "roles"),
    [
        ("olle", {"LOTSEN_OIDC_RESIDENT_WITHOUT_ROLE": "true"}, ["resident"]),
        ("olle", {}, None),
        ("karin", {"LOTSEN_OIDC_ROLES_BY_NAME": "false"}, None),
        ("karin", {"LOTSEN_OIDC_ROLES_BY_NAME": "false", "LOTSEN_OIDC_ROLE_MAP": '{"caseworker": "auditor"}'},
         ["auditor"]),
    ],
)  # fmt: skip
async def test_roles_follow_the_settings(oidc_gateway, login, env, roles):
    gateway = await oidc_gateway(**env)
    agent = gateway.agent()
    status, _, _ = await sign_in(agent, gateway, login)
    assert status == (303 if roles else 403)
    assert (session_claims(agent) or {}).get("roles") == roles


async def test_claims_in_the_id_token_need_no_userinfo_call(oidc_gateway, live_provider):
    live_provider.claims_in_id_token(True)
    gateway = await oidc_gateway()
    agent = gateway.agent()
    before = live_provider.counts().get("/me", 0)
    assert (await sign_in(agent, gateway, "karin"))[:2] == (303, "/work")
    assert live_provider.counts().get("/me", 0) == before


async def test_discovery_is_cached_and_a_rotated_key_is_fetched_once(oidc_gateway, live_provider):
    gateway = await oidc_gateway()
    first, second, third = gateway.agent(), gateway.agent(), gateway.agent()
    assert (await sign_in(first, gateway, "karin"))[0] == 303
    seen = live_provider.counts()
    live_provider.rotate_key()
    assert (await sign_in(second, gateway, "karin"))[0] == 303  # signed with a kid the gateway has not seen
    assert (await sign_in(third, gateway, "karin"))[0] == 303
    counts = live_provider.counts()
    assert counts["/jwks"] == seen["/jwks"] + 1
    assert counts["/.well-known/openid-configuration"] == seen["/.well-known/openid-configuration"] + 1


async def test_the_personal_number_becomes_a_stable_pseudonym_never_logged_nor_in_a_url(oidc_gateway, caplog):
    env = {"LOTSEN_OIDC_SCOPE": "openid profile roles ssn", "LOTSEN_OIDC_PERSON_NUMBER_CLAIM": "ssn",
           "LOTSEN_OIDC_SUBJECT_KEY": SUBJECT_KEY}  # fmt: skip
    subjects, urls = [], []
    with caplog.at_level(logging.DEBUG):
        for _ in range(2):  # two gateways (replicas) with the same key
            gateway = await oidc_gateway(**env)
            agent = gateway.agent()
            url = await at_provider(agent, await _start(agent, gateway, urls), "sven")
            urls.append(url)
            status, location, _ = await callback(agent, url)
            urls.append(location)
            assert status == 303
            subjects.append(session_claims(agent)["sub"])
    assert subjects[0] == subjects[1]
    assert re.fullmatch(r"pnr:[0-9a-f]{32}", subjects[0])
    for number in ("196802020575", "680202", "0575"):
        assert not any(number in u for u in urls)
        assert not any(number in r.getMessage() for r in caplog.records)


async def _start(agent, gateway, urls: list[str]) -> str:
    async with agent.get(f"{gateway.url}/signin/oidc", allow_redirects=False) as resp:
        urls.append(resp.headers["Location"])
        return resp.headers["Location"]


async def test_a_claim_that_is_not_a_personal_number_is_refused(oidc_gateway, caplog):
    gateway = await oidc_gateway(LOTSEN_OIDC_SCOPE="openid profile roles ssn", LOTSEN_OIDC_PERSON_NUMBER_CLAIM="ssn",
                                 LOTSEN_OIDC_SUBJECT_KEY=SUBJECT_KEY)  # fmt: skip
    agent = gateway.agent()
    status, _, page = await sign_in(agent, gateway, "bad-ssn")
    assert status == 400
    assert "19680202" not in caplog.text
    assert "lotsen_session" not in cookie_names(agent)
    assert "/signin/oidc" in page


def _sign_in_with_requests(gateway_url: str, login: str) -> tuple[requests.Response, requests.Session]:
    """The whole flow with the ``requests`` library and its cookie jar (cookies must survive it unchanged)."""
    ua = requests.Session()
    resp = ua.get(f"{gateway_url}/signin/oidc", params={"next": "/work"}, allow_redirects=True, timeout=10)
    for _ in range(4):
        action = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', resp.text)
        if action is None:
            break
        prompt = re.search(r'name="prompt" value="(\w+)"', resp.text).group(1)
        form = {"prompt": prompt, "login": login, "password": "any"} if prompt == "login" else {"prompt": prompt}
        resp = ua.post(requests.compat.urljoin(resp.url, action.group(1)), data=form, timeout=10)
    return resp, ua


async def test_the_sign_in_survives_a_round_trip_through_requests(oidc_gateway):
    gateway = await oidc_gateway()
    resp, ua = await asyncio.to_thread(_sign_in_with_requests, gateway.url, "karin")
    assert resp.url == f"{gateway.url}/work"
    assert "lotsen_session" in ua.cookies
    assert all(re.fullmatch(r"[A-Za-z0-9._~-]*", c.value or "") for c in ua.cookies)  # RFC 6265 cookie-octets


async def _csrf(agent, gateway) -> str:
    async with agent.get(gateway.url + "/") as resp:
        return re.search(r'name="csrf" value="([0-9a-f]+)"', await resp.text()).group(1)


async def test_sign_out_ends_the_session_here_and_at_the_provider(oidc_gateway, live_provider):
    gateway = await oidc_gateway()
    agent = gateway.agent()
    assert (await sign_in(agent, gateway, "karin"))[0] == 303
    async with agent.post(gateway.url + "/signout", data={"csrf": await _csrf(agent, gateway)},
                          allow_redirects=False) as resp:  # fmt: skip
        assert resp.status == 303
        logout = resp.headers["Location"]
    assert "lotsen_session" not in cookie_names(agent)
    assert logout.startswith(live_provider.issuer + "/session/end")
    query = parse_qs(urlsplit(logout).query)
    assert (query["client_id"], query["post_logout_redirect_uri"]) == ([gateway.client.client_id], [gateway.url + "/"])
    async with agent.get(logout) as resp:  # the provider asks; the person confirms
        page = await resp.text()
    action = re.search(r'action="([^"]+)"', page).group(1)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page).group(1)
    async with agent.post(live_provider.issuer + action if action.startswith("/") else action,
                          data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False) as resp:  # fmt: skip
        assert resp.headers["Location"] == gateway.url + "/"
    start = await _start(agent, gateway, [])
    async with agent.get(start) as resp:  # the provider's session is over: it asks for the login again
        assert 'name="prompt" value="login"' in await resp.text()


async def test_local_sign_out_leaves_the_provider_session_alone(oidc_gateway):
    gateway = await oidc_gateway(LOTSEN_OIDC_LOGOUT="local")
    agent = gateway.agent()
    assert (await sign_in(agent, gateway, "karin"))[0] == 303
    async with agent.post(gateway.url + "/signout", data={"csrf": await _csrf(agent, gateway)},
                          allow_redirects=False) as resp:  # fmt: skip
        assert (resp.status, resp.headers["Location"]) == (303, "/")
    assert "lotsen_session" not in cookie_names(agent)
    prompts = []
    assert (await sign_in(agent, gateway, "karin", prompts=prompts))[:2] == (303, "/work")
    assert prompts == []  # no login screen: the person is still signed in at the provider
