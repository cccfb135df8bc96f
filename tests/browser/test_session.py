"""Cookie sessions: HttpOnly and SameSite, CSRF on every form post, and never an API credential."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_session_cookie_is_httponly_and_samesite_lax(page, context):
    sign_in(page, "resident")
    cookies = {c["name"]: c for c in context.cookies()}
    for name in ("lotsen_session", "lotsen_csrf"):
        assert cookies[name]["httpOnly"] is True
        assert cookies[name]["sameSite"] == "Lax"


def test_a_form_post_without_the_csrf_token_is_refused(page):
    page.goto("/signin")  # the browser now holds a CSRF cookie, but the forged post lacks the token
    forged = page.request.post("/signin/demo", form={"role": "admin"})
    assert forged.status == 403
    assert "lotsen_session" not in forged.headers.get("set-cookie", "")


def test_the_session_cookie_is_not_accepted_by_the_api(page, context):
    sign_in(page, "caseworker")
    assert page.request.get("/api/validation/v1/cases").status == 401
