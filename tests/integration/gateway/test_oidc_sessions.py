"""Page sessions after signing in: the idle limit slides on activity, the lifetime does not, no scopes ever."""

from __future__ import annotations

import hashlib
import hmac
import time

import jwt

from services.gateway.web.session import person_of
from tests.helpers import JWT_SECRET

KEY = hmac.new(JWT_SECRET.encode(), b"web-session", hashlib.sha256).digest()
HOURS, IDLE = 8, 30


def session(*, seen_ago: int, signed_in_ago: int, exp_in: int, **extra) -> dict[str, str]:
    now = int(time.time())
    claims = {"sub": "karin", "roles": ["caseworker"], "name": "Karin Lind", "via": "oidc", "iss": "lotsen-dev",
              "aud": "lotsen-web", "iat": now - seen_ago, "nbf": now - signed_in_ago, "auth_time": now - signed_in_ago,
              "exp": now + exp_in, **extra}  # fmt: skip
    return {"Cookie": "lotsen_session=" + jwt.encode(claims, KEY, algorithm="HS256")}


async def landing(gateway, headers) -> tuple[str, dict | None]:
    client = await gateway(LOTSEN_SESSION_HOURS=str(HOURS), LOTSEN_SESSION_IDLE_MINUTES=str(IDLE))
    resp = await client.get("/", headers=headers)
    assert resp.status == 200
    cookie = resp.cookies.get("lotsen_session")
    renewed = jwt.decode(cookie.value, KEY, algorithms=["HS256"], audience="lotsen-web") if cookie else None
    return await resp.text(), renewed


async def test_a_session_idle_past_its_limit_is_over(gateway):
    page, _ = await landing(gateway, session(seen_ago=IDLE * 60 + 120, signed_in_ago=IDLE * 60 + 120, exp_in=-120))
    assert "Karin Lind" not in page


async def test_a_session_past_its_lifetime_is_over_even_when_active(gateway):
    page, _ = await landing(gateway, session(seen_ago=60, signed_in_ago=HOURS * 3600 + 120, exp_in=600))
    assert "Karin Lind" not in page


async def test_activity_slides_the_idle_limit_but_never_past_the_lifetime(gateway):
    page, renewed = await landing(gateway, session(seen_ago=300, signed_in_ago=300, exp_in=IDLE * 60 - 300))
    assert "Karin Lind" in page
    now = time.time()
    assert abs(renewed["exp"] - (now + IDLE * 60)) < 60
    assert (renewed["sub"], renewed["roles"], renewed["via"]) == ("karin", ["caseworker"], "oidc")
    almost = HOURS * 3600 - 600
    _, capped = await landing(gateway, session(seen_ago=120, signed_in_ago=almost, exp_in=600))
    assert capped["exp"] == capped["auth_time"] + HOURS * 3600


async def test_a_page_seen_moments_ago_does_not_rewrite_the_cookie(gateway):
    _, renewed = await landing(gateway, session(seen_ago=5, signed_in_ago=5, exp_in=IDLE * 60))
    assert renewed is None


def test_a_session_never_carries_a_scope_nor_an_unknown_role():
    identity = person_of({"sub": "x", "roles": ["caseworker", "root"], "scope": "admin schedule:read"})
    assert identity.scopes == frozenset()
    assert identity.roles == {"caseworker"}
    assert identity.kind == "person"
