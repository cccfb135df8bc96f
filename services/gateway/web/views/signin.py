"""Signing in: demo people in development, an OpenID Connect redirect to the municipality's IdP otherwise.

Lotsen stores no passwords. The OIDC flow is the authorisation-code flow with PKCE, state and nonce kept
in a short-lived HttpOnly cookie; the ID token is checked against the IdP's JWKS (issuer, audience,
expiry, nonce) and the person's roles are read from a configurable claim.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from urllib.parse import urlencode

import aiohttp
import jwt
from aiohttp import web

from services.gateway.web.config import OIDC_COOKIE, WEB_CONFIG, WebConfig
from services.gateway.web.i18n import gettext
from services.gateway.web.render import render, safe_next
from services.gateway.web.session import check_csrf, end_session, start_session
from services.gateway.web.views.common import PageError, page
from shared.demo import DEMO_PEOPLE

OIDC_DEADLINE = aiohttp.ClientTimeout(total=5)


@page
async def signin_page(request: web.Request) -> web.Response:
    """Demo people (development) or a button to the identity provider (production)."""
    config = request.app[WEB_CONFIG]
    people = [(role, sub, name) for role, (sub, name) in DEMO_PEOPLE.items()] if config.dev else []
    nxt = safe_next(request.query.get("next"))
    return render(request, "signin.html", {"people": people, "oidc": config.oidc_enabled, "next": nxt}, private=True)


@page
async def demo_signin(request: web.Request) -> web.Response:
    """Sign in as the demo person of the chosen role (development only)."""
    form = await check_csrf(request)
    if not request.app[WEB_CONFIG].dev:
        raise PageError(404, gettext(request, "We could not find that page."))
    person = DEMO_PEOPLE.get(str(form.get("role", "")))
    if person is None:
        raise PageError(400, gettext(request, "Choose one of the people in the list."))
    sub, name = person
    response = web.HTTPSeeOther(location=safe_next(str(form.get("next", "")), _home_of(str(form["role"]))))
    start_session(request, response, sub=sub, roles=[str(form["role"])], name=name)
    raise response


def _home_of(role: str) -> str:
    return {"caseworker": "/work", "sfi_admin": "/admin/sfi", "resident": "/my"}.get(role, "/")


@page
async def signout(request: web.Request) -> web.Response:
    """Sign out (a POST with the CSRF token, so another site cannot sign people out)."""
    await check_csrf(request)
    response = web.HTTPSeeOther(location="/")
    end_session(request, response)
    raise response


async def _discover(config: WebConfig) -> dict:
    url = config.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
    async with aiohttp.ClientSession(timeout=OIDC_DEADLINE) as session, session.get(url) as resp:
        resp.raise_for_status()
        return await resp.json()


def _redirect_uri(request: web.Request, config: WebConfig) -> str:
    return config.oidc_redirect_url or f"{request.scheme}://{request.host}/signin/callback"


@page
async def oidc_start(request: web.Request) -> web.Response:
    """Send the person to the identity provider (authorisation code + PKCE)."""
    config = request.app[WEB_CONFIG]
    if not config.oidc_enabled:
        raise PageError(404, gettext(request, "We could not find that page."))
    meta = await _discover(config)
    state, nonce, verifier = (secrets.token_urlsafe(24) for _ in range(3))
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {"response_type": "code", "client_id": config.oidc_client_id, "scope": config.oidc_scope,
             "redirect_uri": _redirect_uri(request, config), "state": state, "nonce": nonce,
             "code_challenge": challenge, "code_challenge_method": "S256"}  # fmt: skip
    response = web.HTTPSeeOther(location=meta["authorization_endpoint"] + "?" + urlencode(query))
    keep = json.dumps({"state": state, "nonce": nonce, "verifier": verifier,
                       "next": safe_next(request.query.get("next"))})  # fmt: skip
    response.set_cookie(OIDC_COOKIE, keep, path="/signin", httponly=True, samesite="Lax",
                        secure=config.secure_cookies, max_age=600)  # fmt: skip
    raise response


@page
async def oidc_callback(request: web.Request) -> web.Response:
    """Exchange the code, verify the ID token, and start a session."""
    config = request.app[WEB_CONFIG]
    try:
        kept = json.loads(request.cookies.get(OIDC_COOKIE, ""))
    except ValueError:
        kept = {}
    if not config.oidc_enabled or not kept or request.query.get("state") != kept.get("state"):
        raise PageError(400, gettext(request, "The sign-in took too long or was interrupted. Please try again."))
    meta = await _discover(config)
    claims = await _exchange(request, config, meta, kept)
    roles = claims.get(config.oidc_roles_claim) or ["resident"]
    response = web.HTTPSeeOther(location=kept.get("next") or "/")
    response.del_cookie(OIDC_COOKIE, path="/signin")
    start_session(request, response, sub=str(claims["sub"]), roles=[r for r in roles if isinstance(r, str)],
                  name=str(claims.get("name", "")))  # fmt: skip
    raise response


async def _exchange(request: web.Request, config: WebConfig, meta: dict, kept: dict) -> dict:
    form = {"grant_type": "authorization_code", "code": request.query.get("code", ""),
            "redirect_uri": _redirect_uri(request, config), "client_id": config.oidc_client_id,
            "code_verifier": kept["verifier"]}  # fmt: skip
    if config.oidc_client_secret:
        form["client_secret"] = config.oidc_client_secret
    async with aiohttp.ClientSession(timeout=OIDC_DEADLINE) as session:
        async with session.post(meta["token_endpoint"], data=form) as resp:
            if resp.status != 200:
                raise PageError(401, gettext(request, "The sign-in was not accepted. Please try again."))
            tokens = await resp.json()
        async with session.get(meta["jwks_uri"]) as resp:
            jwks = jwt.PyJWKSet.from_dict(await resp.json())
    id_token = tokens.get("id_token", "")
    kid = jwt.get_unverified_header(id_token).get("kid")
    key = next((k for k in jwks.keys if k.key_id == kid), None)
    if key is None:
        raise PageError(401, gettext(request, "The sign-in was not accepted. Please try again."))
    claims = jwt.decode(id_token, key.key, algorithms=["RS256", "ES256"], audience=config.oidc_client_id,
                        issuer=meta.get("issuer", config.oidc_issuer), leeway=30)  # fmt: skip
    if claims.get("nonce") != kept["nonce"]:
        raise PageError(401, gettext(request, "The sign-in was not accepted. Please try again."))
    return claims
