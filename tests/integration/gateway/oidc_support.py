"""Sign-in tests against the real OpenID Provider: the provider, a gateway registered with it, a user agent.

The user agent is a plain HTTP client with a cookie jar that goes through the provider's own dev screens
(login with any password, consent) the way a browser would, following redirects one at a time so a test
can stop or change any step.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import aiohttp
import jwt
import pytest
from aiohttp.test_utils import TestServer

from services.gateway.app import create_app
from shared.localpg import free_port
from shared.settings import load_settings
from tests.helpers import JWT_SECRET
from tests.node.oidc_provider import Client, OpenIdProvider

_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*method="post"', re.IGNORECASE)
_PROMPT = re.compile(r'name="prompt" value="(\w+)"')
_ABORT = re.compile(r'href="([^"]+/abort)"')


@dataclass
class Gateway:
    """A gateway on a real socket whose client is registered at the provider."""

    url: str
    client: Client
    server: TestServer
    agents: list[aiohttp.ClientSession] = field(default_factory=list)

    def agent(self) -> aiohttp.ClientSession:
        """A fresh user agent (its own cookie jar; cookies on 127.0.0.1 accepted)."""
        agent = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.agents.append(agent)
        return agent


def session_claims(agent: aiohttp.ClientSession) -> dict | None:
    """The claims of the agent's session cookie (verified with the gateway's derived key), or None."""
    cookie = next((c for c in agent.cookie_jar if c.key == "lotsen_session" and c.value), None)
    if cookie is None:
        return None
    key = hmac.new(JWT_SECRET.encode(), b"web-session", hashlib.sha256).digest()
    return jwt.decode(cookie.value, key, algorithms=["HS256"], audience="lotsen-web")


def cookie_names(agent: aiohttp.ClientSession) -> set[str]:
    """Names of the cookies the agent holds with a value."""
    return {c.key for c in agent.cookie_jar if c.value}


def with_query(url: str, **changes: str) -> str:
    """``url`` with some query parameters replaced."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


async def start_signin(agent: aiohttp.ClientSession, gateway: Gateway, nxt: str = "/") -> str:
    """Press "Sign in with e-ID": the provider URL the gateway sends the browser to."""
    async with agent.get(f"{gateway.url}/signin/oidc", params={"next": nxt}, allow_redirects=False) as resp:
        assert resp.status == 303, await resp.text()
        return resp.headers["Location"]


async def at_provider(agent: aiohttp.ClientSession, url: str, login: str, *, cancel: bool = False,
                      prompts: list[str] | None = None) -> str:  # fmt: skip
    """Go through the provider's screens from ``url`` (noting them in ``prompts``); return the callback URL."""
    for _ in range(12):
        async with agent.get(url, allow_redirects=False) as resp:
            if resp.status in (302, 303):
                url = urljoin(url, resp.headers["Location"])
                if "/signin/callback" in url:
                    return url
                continue
            page = await resp.text()
            assert resp.status == 200, page
        if cancel:
            url = urljoin(url, html.unescape(_ABORT.search(page).group(1)))
            continue
        action, prompt = html.unescape(_FORM.search(page).group(1)), _PROMPT.search(page).group(1)
        if prompts is not None:
            prompts.append(prompt)
        form = {"prompt": prompt, "login": login, "password": "any"} if prompt == "login" else {"prompt": prompt}
        async with agent.post(urljoin(url, action), data=form, allow_redirects=False) as resp:
            assert resp.status in (302, 303), await resp.text()
            url = urljoin(url, resp.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


async def callback(agent: aiohttp.ClientSession, url: str) -> tuple[int, str, str]:
    """Follow the provider's redirect to the gateway: status, Location (or ''), and the page text."""
    async with agent.get(url, allow_redirects=False) as resp:
        return resp.status, resp.headers.get("Location", ""), await resp.text()


async def sign_in(agent: aiohttp.ClientSession, gateway: Gateway, login: str, nxt: str = "/",
                  prompts: list[str] | None = None) -> tuple[int, str, str]:  # fmt: skip
    """The whole sign-in as ``login``: the gateway's answer at the callback."""
    start = await start_signin(agent, gateway, nxt)
    return await callback(agent, await at_provider(agent, start, login, prompts=prompts))


@pytest.fixture(scope="module")
def provider() -> Iterator[OpenIdProvider]:
    """The real oidc-provider on 127.0.0.1 for this test module."""
    running = OpenIdProvider().start()
    yield running
    running.stop()


@pytest.fixture
def live_provider(provider: OpenIdProvider) -> OpenIdProvider:
    """The provider, started again if an earlier test took it down, with the default claim placement."""
    if not provider.running:
        provider.start()
    provider.claims_in_id_token(False)
    provider.set_clock(0)
    return provider


@pytest.fixture
async def oidc_gateway(
    gateway_env: dict[str, str], live_provider: OpenIdProvider
) -> AsyncIterator[Callable[..., Awaitable[Gateway]]]:
    """Start gateways registered at the provider: ``auth=`` the client authentication, ``jwks=`` its keys."""
    started: list[Gateway] = []

    async def start(*, auth: str = "client_secret_basic", jwks: dict | None = None, **env: str) -> Gateway:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        client = live_provider.register(f"{url}/signin/callback", auth=auth, jwks=jwks)
        values = {**gateway_env, "LOTSEN_OIDC_ISSUER": live_provider.issuer, "LOTSEN_OIDC_CLIENT_ID": client.client_id,
                  "LOTSEN_OIDC_CLIENT_AUTH": auth, "LOTSEN_OIDC_SCOPE": "openid profile roles", **env}  # fmt: skip
        if client.client_secret:
            values["LOTSEN_OIDC_CLIENT_SECRET"] = client.client_secret
        server = TestServer(create_app(load_settings(values)), host="127.0.0.1", port=port)
        await server.start_server()
        gateway = Gateway(url, client, server)
        started.append(gateway)
        return gateway

    yield start
    for gateway in started:
        for agent in gateway.agents:
            await agent.close()
        await gateway.server.close()
