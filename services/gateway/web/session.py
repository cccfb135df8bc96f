"""Cookie sessions for the pages, CSRF tokens for their forms, and the sign-in's short-lived state cookie.

The session cookie holds a short JWT minted by the gateway itself for the audience ``lotsen-web``: it is
never accepted on ``/api/`` (another audience and key), so a stolen cookie is not an API credential and the
API needs no CSRF defence. It carries the person's subject, Lotsen roles and name, never provider tokens,
claims or scopes: a page visitor is a person with roles and no system scope, however they signed in. It
ends ``LOTSEN_SESSION_IDLE_MINUTES`` after the last page seen, and at the latest ``LOTSEN_SESSION_HOURS``
after signing in (``exp`` slides on activity, ``auth_time`` does not). Forms carry a signed double-submit
token: the HMAC of a random per-browser cookie and the signed-in subject, so a token is worth nothing for
another browser or after signing in or out. Every cookie value is base64url (RFC 6265 cookie-octets).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from dataclasses import asdict

import jwt
from aiohttp import web
from multidict import MultiDictProxy

from services.gateway.clientaddr import client_of
from services.gateway.oidc.flow import Pending
from services.gateway.tokens import LEEWAY_SECONDS, PERSON_ROLES, JwtConfig
from services.gateway.web.config import CSRF_COOKIE, OIDC_COOKIE, SESSION_COOKIE, WEB_CONFIG, WebConfig
from shared.errors import Forbidden, Unauthorized
from shared.identity import Identity
from shared.middlewares import request_id_of

WEB_AUDIENCE = "lotsen-web"
PENDING_AUDIENCE = "lotsen-signin"
PENDING_SECONDS = 600
SESSION_JWT = web.AppKey("session_jwt", JwtConfig)
PENDING_KEY = web.AppKey("pending_key", bytes)
CSRF_KEY = web.AppKey("csrf_key", bytes)
PAGE_IDENTITY = web.RequestKey("page_identity", Identity)
PAGE_SESSION = web.RequestKey("page_session", dict)
NEW_CSRF = web.RequestKey("new_csrf", str)


def configure(app: web.Application, jwt_secret: bytes, issuer: str) -> None:
    """Derive the session, sign-in state and CSRF keys from the gateway's JWT secret (a key per purpose)."""
    app[SESSION_JWT] = JwtConfig(hmac.new(jwt_secret, b"web-session", hashlib.sha256).digest(), issuer, WEB_AUDIENCE)
    app[PENDING_KEY] = hmac.new(jwt_secret, b"web-signin-state", hashlib.sha256).digest()
    app[CSRF_KEY] = hmac.new(jwt_secret, b"web-csrf", hashlib.sha256).digest()


def anonymous_visitor(request: web.Request) -> Identity:
    """An anonymous visitor of the pages (counted by client address, like the API)."""
    return Identity(sub="anonymous", kind="anonymous", consumer=f"ip:{client_of(request)}",
                    request_id=request_id_of(request))  # fmt: skip


def page_identity(request: web.Request) -> Identity:
    """Who is looking at this page: the verified session cookie, else an anonymous visitor."""
    if PAGE_IDENTITY in request:
        return request[PAGE_IDENTITY]
    identity = anonymous_visitor(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            claims = verified_claims(request.app[SESSION_JWT], token, request.app[WEB_CONFIG])
            identity = person_of(claims, request_id_of(request))
            request[PAGE_SESSION] = claims
        except Unauthorized:
            pass  # an expired or forged cookie is simply no session; the page offers sign-in again
    request[PAGE_IDENTITY] = identity
    return identity


def person_of(claims: dict, request_id: str = "") -> Identity:
    """The person a session stands for: Lotsen roles only, and never a scope."""
    roles = claims.get("roles")
    if not isinstance(roles, list):
        raise Unauthorized("Invalid session")
    sub = str(claims["sub"])
    return Identity(sub=sub, kind="person", roles=frozenset(r for r in roles if r in PERSON_ROLES),
                    scopes=frozenset(), consumer=f"person:{sub}", request_id=request_id)  # fmt: skip


def verified_claims(config: JwtConfig, token: str, web_config: WebConfig) -> dict:
    """The claims of a session token: HS256, iss, aud, the idle ``exp`` and the absolute lifetime."""
    try:
        claims = jwt.decode(
            token, config.secret, algorithms=["HS256"], audience=config.audience, issuer=config.issuer,
            leeway=LEEWAY_SECONDS, options={"require": ["exp", "sub", "iss", "aud", "auth_time"]},
        )  # fmt: skip
    except jwt.PyJWTError:
        raise Unauthorized("Invalid session") from None
    auth_time = claims["auth_time"]
    if not isinstance(auth_time, int) or time.time() - auth_time > web_config.session_hours * 3600 + LEEWAY_SECONDS:
        raise Unauthorized("Invalid session")
    return claims


def display_name(request: web.Request) -> str:
    """The signed-in person's display name ('' for anonymous visitors)."""
    page_identity(request)
    return str(request.get(PAGE_SESSION, {}).get("name", ""))


def signed_in_via(request: web.Request) -> str | None:
    """How the person looking at the page signed in (``oidc`` or ``demo``), None when they did not."""
    page_identity(request)
    via = request.get(PAGE_SESSION, {}).get("via")
    return str(via) if via else None


def session_claims(config: WebConfig, now: int, *, auth_time: int, **person: object) -> dict:
    """The claims of a session seen at ``now``: ``exp`` is the idle limit, capped by the lifetime."""
    exp = min(now + config.session_idle_minutes * 60, auth_time + config.session_hours * 3600)
    return {**person, "iat": now, "nbf": auth_time, "exp": exp, "auth_time": auth_time}


def _write_session(request: web.Request, response: web.StreamResponse, claims: dict, now: int) -> None:
    jwt_config = request.app[SESSION_JWT]
    token = jwt.encode({**claims, "iss": jwt_config.issuer, "aud": jwt_config.audience}, jwt_config.secret,
                       algorithm="HS256")  # fmt: skip
    _set(response, SESSION_COOKIE, token, request.app[WEB_CONFIG].secure_cookies, max(claims["exp"] - now, 1))


def start_session(request: web.Request, response: web.StreamResponse, *, sub: str, roles: Iterable[str], name: str,
                  via: str) -> None:  # fmt: skip
    """Sign the person in: a fresh session cookie and a fresh CSRF cookie (no session fixation)."""
    now = int(time.time())
    claims = session_claims(request.app[WEB_CONFIG], now, auth_time=now, sub=sub, roles=sorted(set(roles)),
                            name=name, via=via)  # fmt: skip
    _write_session(request, response, claims, now)
    _set(response, CSRF_COOKIE, secrets.token_urlsafe(24), request.app[WEB_CONFIG].secure_cookies, None)


def end_session(request: web.Request, response: web.StreamResponse) -> None:
    """Sign out: forget the session and the CSRF secret."""
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.del_cookie(name, path="/")


def keep_pending(request: web.Request, response: web.StreamResponse, pending: Pending) -> None:
    """Keep the sign-in's state, nonce and PKCE verifier in a signed 10-minute cookie on ``/signin``."""
    now = int(time.time())
    token = jwt.encode({**asdict(pending), "aud": PENDING_AUDIENCE, "exp": now + PENDING_SECONDS},
                       request.app[PENDING_KEY], algorithm="HS256")  # fmt: skip
    response.set_cookie(OIDC_COOKIE, token, path="/signin", httponly=True, samesite="Lax",
                        secure=request.app[WEB_CONFIG].secure_cookies, max_age=PENDING_SECONDS)  # fmt: skip


def read_pending(request: web.Request) -> Pending | None:
    """The sign-in this browser started (None when the cookie is missing, forged or expired)."""
    token = request.cookies.get(OIDC_COOKIE)
    if not token:
        return None
    try:
        kept = jwt.decode(token, request.app[PENDING_KEY], algorithms=["HS256"], audience=PENDING_AUDIENCE,
                          options={"require": ["exp", "aud"]})  # fmt: skip
        return Pending(state=kept["state"], nonce=kept["nonce"], verifier=kept["verifier"], next=kept["next"])
    except (jwt.PyJWTError, KeyError, TypeError):
        return None


def forget_pending(response: web.StreamResponse) -> None:
    """Spend the sign-in state: a callback is answered once, whatever its outcome."""
    response.del_cookie(OIDC_COOKIE, path="/signin")


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


def keep_cookies(request: web.Request, response: web.StreamResponse) -> None:
    """Set what this page changed: a CSRF secret made while rendering, and the session's slid idle limit."""
    secure = request.app[WEB_CONFIG].secure_cookies
    value = request.get(NEW_CSRF)
    if value and CSRF_COOKIE not in response.cookies:
        _set(response, CSRF_COOKIE, value, secure, None)
    claims = request.get(PAGE_SESSION)
    now = int(time.time())
    if claims and SESSION_COOKIE not in response.cookies and now - int(claims.get("iat", 0)) >= 60:
        person = {k: v for k, v in claims.items() if k not in ("iat", "nbf", "exp", "iss", "aud")}
        _write_session(request, response, session_claims(request.app[WEB_CONFIG], now, **person), now)
