"""Cookie sessions for the pages, and CSRF tokens for their forms.

The session cookie holds a short JWT minted by the gateway itself for the audience ``lotsen-web``: the same
verification as bearer tokens, but it is never accepted on ``/api/`` (another audience), so a stolen cookie
is not an API credential and the API needs no CSRF defence. Forms carry a signed double-submit token: the
HMAC of a random per-browser cookie and the signed-in subject, so a token is worth nothing for another
browser or after signing in or out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

import jwt
from aiohttp import web
from multidict import MultiDictProxy

from services.gateway.clientaddr import client_of
from services.gateway.tokens import LEEWAY_SECONDS, JwtConfig, identity_from_claims, mint_token
from services.gateway.web.config import CSRF_COOKIE, SESSION_COOKIE, WEB_CONFIG
from shared.errors import Forbidden, Unauthorized
from shared.identity import Identity
from shared.middlewares import request_id_of

WEB_AUDIENCE = "lotsen-web"
SESSION_JWT = web.AppKey("session_jwt", JwtConfig)
CSRF_KEY = web.AppKey("csrf_key", bytes)
PAGE_IDENTITY = web.RequestKey("page_identity", Identity)
PAGE_NAME = web.RequestKey("page_name", str)
NEW_CSRF = web.RequestKey("new_csrf", str)


def configure(app: web.Application, jwt_secret: bytes, issuer: str) -> None:
    """Derive the session and CSRF keys from the gateway's JWT secret (separate keys by purpose)."""
    app[SESSION_JWT] = JwtConfig(hmac.new(jwt_secret, b"web-session", hashlib.sha256).digest(), issuer, WEB_AUDIENCE)
    app[CSRF_KEY] = hmac.new(jwt_secret, b"web-csrf", hashlib.sha256).digest()


def anonymous_visitor(request: web.Request) -> Identity:
    """An anonymous visitor of the pages (counted by client address, like the API)."""
    return Identity(sub="anonymous", kind="anonymous", consumer=f"ip:{client_of(request)}",
                    request_id=request_id_of(request))  # fmt: skip


def page_identity(request: web.Request) -> Identity:
    """Who is looking at this page: the verified session cookie, else an anonymous visitor."""
    if PAGE_IDENTITY in request:
        return request[PAGE_IDENTITY]
    identity, name = anonymous_visitor(request), ""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            claims = verified_claims(request.app[SESSION_JWT], token)
            identity = identity_from_claims(claims, request_id_of(request))
            name = str(claims.get("name", ""))
        except Unauthorized:
            pass  # an expired or forged cookie is simply no session; the page offers sign-in again
    request[PAGE_IDENTITY] = identity
    request[PAGE_NAME] = name
    return identity


def verified_claims(config: JwtConfig, token: str) -> dict:
    """The claims of a session token after the same checks as a bearer token (HS256, iss, aud, exp)."""
    try:
        return jwt.decode(
            token, config.secret, algorithms=["HS256"], audience=config.audience, issuer=config.issuer,
            leeway=LEEWAY_SECONDS, options={"require": ["exp", "sub", "iss", "aud"]},
        )  # fmt: skip
    except jwt.PyJWTError:
        raise Unauthorized("Invalid session") from None


def display_name(request: web.Request) -> str:
    """The signed-in person's display name ('' for anonymous visitors)."""
    page_identity(request)
    return request[PAGE_NAME]


def start_session(request: web.Request, response: web.StreamResponse, *, sub: str, roles: Iterable[str],
                  name: str) -> None:  # fmt: skip
    """Sign the person in: a fresh session cookie and a fresh CSRF cookie (no session fixation)."""
    config = request.app[WEB_CONFIG]
    ttl = config.session_hours * 3600
    token = mint_token(request.app[SESSION_JWT], sub=sub, roles=roles, ttl=ttl, name=name)
    _set(response, SESSION_COOKIE, token, config.secure_cookies, ttl)
    _set(response, CSRF_COOKIE, secrets.token_urlsafe(24), config.secure_cookies, None)


def end_session(request: web.Request, response: web.StreamResponse) -> None:
    """Sign out: forget the session and the CSRF secret."""
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.del_cookie(name, path="/")


def _set(response: web.StreamResponse, name: str, value: str, secure: bool, max_age: int | None) -> None:
    response.set_cookie(name, value, path="/", httponly=True, samesite="Lax", secure=secure, max_age=max_age)


def _csrf_secret(request: web.Request) -> str:
    """This browser's random CSRF secret; a new one is made (and set by the response hook) when missing."""
    value = request.cookies.get(CSRF_COOKIE) or request.get(NEW_CSRF)
    if not value:
        value = secrets.token_urlsafe(24)
        request[NEW_CSRF] = value
    return value


def csrf_token(request: web.Request) -> str:
    """The token every form of this page carries."""
    sub = page_identity(request).sub
    mac = hmac.new(request.app[CSRF_KEY], f"{_csrf_secret(request)}|{sub}".encode(), hashlib.sha256)
    return mac.hexdigest()


async def check_csrf(request: web.Request) -> MultiDictProxy:
    """Read a posted form and refuse it (403) unless its CSRF token matches this browser and person."""
    form = await request.post()
    given = str(form.get("csrf", ""))
    if not request.cookies.get(CSRF_COOKIE) or not hmac.compare_digest(given, csrf_token(request)):
        raise Forbidden("The form has expired or came from another site; reload the page and try again")
    return form


def keep_new_csrf(request: web.Request, response: web.StreamResponse) -> None:
    """Set a CSRF secret made while rendering this page (only pages that show a form make one)."""
    value = request.get(NEW_CSRF)
    if value and CSRF_COOKIE not in response.cookies:
        _set(response, CSRF_COOKIE, value, request.app[WEB_CONFIG].secure_cookies, None)
