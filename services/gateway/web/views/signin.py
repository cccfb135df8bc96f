"""Signing in and out: demo people in development, the municipality's OpenID Provider otherwise.

Lotsen stores no passwords. The provider flow itself (PKCE, state, nonce, ID token checks, userinfo,
role mapping) is in ``services/gateway/oidc``; these handlers keep its state in a signed cookie, start the
session, and turn every failure into a page in the person's language with a retry link, one log line
with the reason, and no session left behind.
"""

from __future__ import annotations

import logging

from aiohttp import web

from services.gateway.oidc.config import OidcConfig
from services.gateway.oidc.errors import FailureKind, SignInFailed
from services.gateway.oidc.flow import OIDC_CLIENT
from services.gateway.web.config import WEB_CONFIG
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.labels import N_
from services.gateway.web.render import render, safe_next
from services.gateway.web.session import (
    PAGE_IDENTITY,
    anonymous_visitor,
    check_csrf,
    end_session,
    forget_pending,
    keep_pending,
    read_pending,
    signed_in_via,
    start_session,
)
from services.gateway.web.views.common import PageError, page
from shared.clock import clock_of
from shared.demo import DEMO_PEOPLE

log = logging.getLogger("lotsen.gateway.signin")
HOMES = (("caseworker", "/work"), ("sfi_admin", "/admin/sfi"), ("resident", "/my"))
MESSAGES: dict[FailureKind, str] = {
    "interrupted": N_("The sign-in took too long or was interrupted. Please try again."),
    "refused": N_("The sign-in was not accepted. Please try again."),
    "denied": N_("The sign-in was cancelled at the login service."),
    "no_access": N_(
        "You signed in at the login service, but your account has no access to Lotsen. "
        "Contact the municipality if you think this is wrong."
    ),
    "unavailable": N_("The login service is not answering right now. Please try again in a moment."),
}


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
    response = web.HTTPSeeOther(location=safe_next(str(form.get("next", "")), home_of([str(form["role"])])))
    start_session(request, response, sub=sub, roles=[str(form["role"])], name=name, via="demo")
    raise response


def home_of(roles) -> str:
    """The first page of a person with ``roles``."""
    return next((path for role, path in HOMES if role in roles), "/")


def _oidc(request: web.Request) -> OidcConfig:
    config = request.app[WEB_CONFIG].oidc
    if config is None:
        raise PageError(404, gettext(request, "We could not find that page."))
    return config


def _redirect_uri(request: web.Request, config: OidcConfig) -> str:
    return config.redirect_url or f"{request.scheme}://{request.host}/signin/callback"


@page
async def oidc_start(request: web.Request) -> web.StreamResponse:
    """Send the person to the identity provider (authorisation code with PKCE, state and nonce)."""
    config = _oidc(request)
    nxt = safe_next(request.query.get("next"))
    try:
        url, pending = await request.app[OIDC_CLIENT].begin(
            redirect_uri=_redirect_uri(request, config), next_path=nxt, ui_locales=negotiate(request).code
        )
    except SignInFailed as failed:
        return _failed(request, failed, nxt)
    response = web.HTTPSeeOther(location=url)
    keep_pending(request, response, pending)
    raise response


@page
async def oidc_callback(request: web.Request) -> web.StreamResponse:
    """The provider sends the person back here: check everything, then start the session."""
    config = _oidc(request)
    pending = read_pending(request)
    try:
        if pending is None:
            raise SignInFailed("interrupted", "no sign-in in progress here (state cookie missing or expired)")
        redirect_uri = _redirect_uri(request, config)
        person = await request.app[OIDC_CLIENT].complete(
            pending, request.query, redirect_uri=redirect_uri, today=clock_of(request).today()
        )
        if not person.roles:
            dropped = f"{person.dropped} unmapped value(s) in {config.roles_claim}"
            raise SignInFailed("no_access", f"no Lotsen role ({dropped})")
    except SignInFailed as failed:
        return _failed(request, failed, pending.next if pending else "/")
    if person.dropped:
        log.info(
            "oidc sign-in: %d value(s) of claim %s map to no Lotsen role and were dropped",
            person.dropped,
            config.roles_claim,
        )
    target = pending.next if pending.next != "/" else home_of(person.roles)
    response = web.HTTPSeeOther(location=safe_next(target))
    forget_pending(response)
    start_session(request, response, sub=person.subject, roles=person.roles, name=person.name, via="oidc")
    raise response


def _failed(request: web.Request, failed: SignInFailed, nxt: str) -> web.Response:
    """The page for a sign-in that did not work: one log line, a retry link, and nothing kept."""
    log.warning("oidc sign-in failed (%s): %s", failed.kind, failed.reason)
    request[PAGE_IDENTITY] = anonymous_visitor(request)  # the page must not look signed in
    response = render(
        request,
        "signin_failed.html",
        {"message": gettext(request, MESSAGES[failed.kind]), "next": nxt},
        status=failed.status,
        private=True,
    )
    if failed.status == 503:
        response.headers["Retry-After"] = "30"
    forget_pending(response)
    end_session(request, response)
    return response


@page
async def signout(request: web.Request) -> web.Response:
    """Sign out here, and at the provider too when the person signed in there (a POST with the CSRF token)."""
    await check_csrf(request)
    target = "/"
    config = request.app[WEB_CONFIG].oidc
    if config is not None and signed_in_via(request) == "oidc":
        back = config.post_logout_redirect_url or f"{request.scheme}://{request.host}/"
        try:
            target = (
                await request.app[OIDC_CLIENT].logout_url(
                    post_logout_redirect_uri=back, ui_locales=negotiate(request).code
                )
                or "/"
            )
        except SignInFailed as failed:
            log.warning("oidc sign-out at the provider skipped, signed out here only: %s", failed.reason)
    response = web.HTTPSeeOther(location=target)
    end_session(request, response)
    raise response
