"""The whole sign-in in Chromium through the real OpenID Provider (npm oidc-provider) and its own screens.

Extra gateways (one per client authentication method) run as real processes in front of the suite's
services, each registered at the provider. The provider puts claims where it does by default: roles
and names only in userinfo. Chromium reaches nothing but 127.0.0.1 (the provider's pages import web fonts).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest

from shared.localpg import free_port
from tests.e2e.conftest import ROOT, Suite
from tests.integration.gateway.oidc_support import with_query
from tests.node.oidc_provider import OpenIdProvider

pytestmark = pytest.mark.e2e
READY_LIMIT = 60.0  # bounds a gateway that never gets ready; a normal start ends when /readyz answers 200
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
TEXTS = {
    "sv": {"failed": "Inloggningen fungerade inte", "retry": "Försök logga in igen",
           "sign_in": "Logga in med e-legitimation"},
    "en": {"failed": "Sign-in did not work", "retry": "Try signing in again", "sign_in": "Sign in with e-ID"},
    "ar": {"failed": "لم ينجح تسجيل الدخول", "retry": "حاول تسجيل الدخول مرة أخرى",
           "sign_in": "تسجيل الدخول بالهوية الإلكترونية"},
}  # fmt: skip


@dataclass
class GatewayProcess:
    """One more gateway process, signing people in through the provider."""

    url: str
    proc: subprocess.Popen
    log: Path


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=2) as resp:  # noqa: S310 - our gateway on 127.0.0.1
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_gateway(suite: Suite, op: OpenIdProvider, auth: str) -> GatewayProcess:
    """Register a client for a new gateway port and start ``python -m services.gateway`` there."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    client = op.register(f"{url}/signin/callback", auth=auth)
    env = {**suite.env, "LOTSEN_GATEWAY_HOST": "127.0.0.1", "LOTSEN_GATEWAY_PORT": str(port),
           "LOTSEN_VALIDATION_URL": f"http://127.0.0.1:{suite.validation}",
           "LOTSEN_SFI_URL": f"http://127.0.0.1:{suite.sfi}", "LOTSEN_SCHEDULER": "false",
           "LOTSEN_OIDC_ISSUER": op.issuer, "LOTSEN_OIDC_CLIENT_ID": client.client_id,
           "LOTSEN_OIDC_CLIENT_SECRET": client.client_secret or "", "LOTSEN_OIDC_CLIENT_AUTH": auth,
           "LOTSEN_OIDC_SCOPE": "openid profile roles"}  # fmt: skip
    log = Path(tempfile.mkstemp(prefix=f"gateway-{auth}-", suffix=".log")[1])
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "services.gateway"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)  # fmt: skip
    limit = time.monotonic() + READY_LIMIT
    while not _ready(url):
        if proc.poll() is not None or time.monotonic() > limit:
            proc.kill()
            pytest.fail(f"the OIDC gateway did not start:\n{log.read_text()}")
        time.sleep(0.1)  # the interval of the readiness poll, not a guess at how long start-up takes
    return GatewayProcess(url, proc, log)


@pytest.fixture(scope="module")
def op() -> Iterator[OpenIdProvider]:
    """The real provider for this module."""
    running = OpenIdProvider().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def gateways(suite: Suite, op: OpenIdProvider) -> Iterator[dict[str, GatewayProcess]]:
    """A gateway per client authentication method, in front of the suite's services."""
    started = {auth: start_gateway(suite, op, auth) for auth in ("client_secret_basic", "client_secret_post")}
    yield started
    for gateway in started.values():
        gateway.proc.terminate()
        gateway.proc.wait(timeout=15)


@pytest.fixture
def live_op(op: OpenIdProvider) -> OpenIdProvider:
    """The provider, up again if an earlier test took it down, with its own clock."""
    if not op.running:
        op.start()
    op.set_clock(0)
    return op


@pytest.fixture
def new_page(browser, live_op):
    """Pages in fresh profiles (a language each) that reach nothing outside 127.0.0.1."""
    contexts = []

    def make(lang: str = "sv"):
        ctx = browser.new_context(locale={"sv": "sv-SE", "en": "en-GB", "ar": "ar"}[lang])
        ctx.set_default_timeout(15_000)
        ctx.route(OUTSIDE, lambda route: route.abort())
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def at_provider(page, login: str) -> None:
    """Sign in on the provider's own screens (any password), then consent."""
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any")
    page.click("button:has-text('Sign-in')")
    page.click("button:has-text('Continue')")


def begin(page, gateway: GatewayProcess, lang: str = "sv", nxt: str = "/") -> None:
    """From the gateway's sign-in page to the provider."""
    page.goto(f"{gateway.url}/signin?next={nxt}")
    page.get_by_role("link", name=TEXTS[lang]["sign_in"]).click()


def sign_in(page, gateway: GatewayProcess, login: str) -> None:
    """The whole sign-in as ``login``."""
    begin(page, gateway)
    at_provider(page, login)
    page.wait_for_url(f"{gateway.url}/**")


@pytest.mark.parametrize("auth", ["client_secret_basic", "client_secret_post"])
def test_a_caseworker_signs_in_and_sees_the_queue(gateways, new_page, auth):
    page = new_page()
    sign_in(page, gateways[auth], "karin")
    assert page.url == f"{gateways[auth].url}/work"
    assert page.get_by_role("heading", level=1, name="Ärendekö").is_visible()
    assert page.get_by_text("Karin Lind").is_visible()


@pytest.mark.parametrize("auth", ["client_secret_basic", "client_secret_post"])
def test_a_resident_sees_my_pages(gateways, new_page, auth):
    page = new_page()
    sign_in(page, gateways[auth], "amal")  # the provider sends roles as the string "resident"
    assert page.url == f"{gateways[auth].url}/my"
    assert page.get_by_role("heading", level=1, name="Mina sidor").is_visible()
    assert not page.get_by_role("link", name="Ärendekö").is_visible()


def test_an_unknown_role_is_dropped_and_the_known_one_kept(gateways, new_page):
    page = new_page()
    sign_in(page, gateways["client_secret_basic"], "nora")  # caseworker, wizard, schedule:read, admin:keys
    assert page.get_by_role("heading", level=1, name="Ärendekö").is_visible()
    page.goto(f"{gateways['client_secret_basic'].url}/admin/sfi")
    assert page.get_by_text("Den här sidan är för andra roller än din.").is_visible()


def test_sign_out_ends_the_session_here_and_at_the_provider(gateways, new_page):
    gateway = gateways["client_secret_basic"]
    page = new_page()
    sign_in(page, gateway, "karin")
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider asks before it signs out
    page.wait_for_url(f"{gateway.url}/")
    assert page.get_by_role("link", name="Logga in").is_visible()
    assert "lotsen_session" not in {c["name"] for c in page.context.cookies(gateway.url)}
    begin(page, gateway)
    assert page.locator("input[name=login]").is_visible()  # signed out there too: the provider asks again


def test_a_rotated_signing_key_is_picked_up(gateways, new_page, live_op):
    gateway = gateways["client_secret_basic"]
    sign_in(new_page(), gateway, "karin")
    live_op.rotate_key()
    page = new_page()
    sign_in(page, gateway, "karin")
    assert page.get_by_role("heading", level=1, name="Ärendekö").is_visible()


def expect_failure(page, gateway: GatewayProcess, lang: str, statuses: tuple[int, ...]) -> None:
    """The failure page: status, heading and retry link in the language, nothing in the session."""
    with page.expect_response(lambda r: "/signin/callback" in r.url and r.status != 302) as answer:
        at_provider(page, "karin")
    assert answer.value.status in statuses
    assert page.get_by_role("heading", level=1, name=TEXTS[lang]["failed"]).is_visible()
    assert page.get_by_role("link", name=TEXTS[lang]["retry"]).is_visible()
    assert page.locator("html").get_attribute("lang") == lang
    assert not {c["name"] for c in page.context.cookies(gateway.url)} & {"lotsen_session", "lotsen_oidc"}


def steer_callback(page, change) -> None:
    """Hold the provider's redirect back to the gateway and pass it through ``change(url) -> url``.

    Playwright routes only the first request of a redirect chain, so the consent POST is routed and the
    chain it starts (consent -> /auth/<uid> -> callback) is walked with the context's own cookies.
    """

    def handler(route):
        if route.request.method != "POST" or "prompt=consent" not in (route.request.post_data or ""):
            return route.continue_()
        location = route.fetch(max_redirects=0).headers["location"]
        while "/signin/callback" not in location:
            resume = page.context.request.get(location, max_redirects=0)
            location = urljoin(location, resume.headers["location"])
        return route.fulfill(status=302, headers={"Location": change(location)})

    page.route(re.compile(r"/interaction/[^/]+$"), handler)


@pytest.mark.parametrize("lang", ["sv", "en", "ar"])
def test_a_wrong_state_gives_a_page_in_the_persons_language_and_retry_works(gateways, new_page, lang):
    gateway = gateways["client_secret_basic"]
    page = new_page(lang)
    steer_callback(page, lambda url: with_query(url, state="not-the-state-we-sent"))
    begin(page, gateway, lang, "/my")
    expect_failure(page, gateway, lang, (400,))
    page.unroute_all()
    page.get_by_role("link", name=TEXTS[lang]["retry"]).click()  # the provider still knows the person
    page.wait_for_url(f"{gateway.url}/my")


def test_a_wrong_nonce_is_refused(gateways, new_page):
    gateway = gateways["client_secret_basic"]
    page = new_page("en")

    def other_nonce(route):
        answer = route.fetch(max_redirects=0)  # the gateway's redirect to the provider (and its state cookie)
        location = with_query(answer.headers["location"], nonce="a-nonce-this-browser-never-got")
        route.fulfill(response=answer, headers={**answer.headers, "location": location})

    page.route(re.compile(re.escape(gateway.url) + r"/signin/oidc\?"), other_nonce)
    begin(page, gateway, "en")
    expect_failure(page, gateway, "en", (400,))


@pytest.mark.parametrize(
    ("what", "lang", "auth", "status"),
    [("expired code", "ar", "client_secret_post", 400), ("provider down", "sv", "client_secret_basic", 503)],
)
def test_an_expired_code_or_the_provider_down_gives_a_page(gateways, new_page, live_op, what, lang, auth, status):
    gateway = gateways[auth]
    page = new_page(lang)

    def meanwhile(url: str) -> str:
        if what == "expired code":
            live_op.set_clock(120)  # the provider's codes live 60 s
        else:
            live_op.stop()
        return url

    steer_callback(page, meanwhile)
    begin(page, gateway, lang)
    expect_failure(page, gateway, lang, (status,))


def test_denied_consent_gives_a_page_with_a_retry_link(gateways, new_page):
    gateway = gateways["client_secret_basic"]
    page = new_page("en")
    begin(page, gateway, "en")
    page.get_by_role("link", name="[ Cancel ]").click()
    assert page.get_by_role("heading", level=1, name=TEXTS["en"]["failed"]).is_visible()
    assert page.get_by_text("The sign-in was cancelled at the login service.").is_visible()


def test_no_log_line_holds_a_person(gateways):
    for gateway in gateways.values():
        text = gateway.log.read_text()
        assert not any(word in text for word in ("karin", "Karin Lind", "amal", "Amal", "nora"))
