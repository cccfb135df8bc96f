"""Rendering pages: the common context every template gets, HTML error pages, safe redirects."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup, escape

from services.gateway.web.config import WEB_CONFIG
from services.gateway.web.i18n import LANGUAGES, negotiate, translations
from services.gateway.web.labels import LABELS
from services.gateway.web.session import csrf_token, display_name, keep_cookies, page_identity
from shared.i18n import language_name

NO_STORE = {"Cache-Control": "private, no-store"}
STOCKHOLM = ZoneInfo("Europe/Stockholm")
CSP_NONCE = web.RequestKey("csp_nonce", str)
# The pages need no script at all today; an inline one must carry the page's nonce (``csp_nonce()`` in
# templates), anything else is refused. Styles come from /static only (no inline style attributes).
# Forms post here only; signing out redirects a form post to the identity provider, so its origin is
# allowed as a form target too (browsers apply form-action to the redirect).
PAGE_CSP = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'{provider}; frame-ancestors 'none'; base-uri 'none'"
)


def _provider_origin(request: web.Request) -> str:
    oidc = request.app[WEB_CONFIG].oidc
    if oidc is None:
        return ""
    parts = urlsplit(oidc.issuer)
    return f" {parts.scheme}://{parts.netloc}"


def csp_nonce(request: web.Request) -> str:
    """This page's script nonce (fresh per response, unguessable)."""
    try:
        return request[CSP_NONCE]
    except KeyError:
        nonce = request[CSP_NONCE] = secrets.token_urlsafe(18)
        return nonce


def common_context(request: web.Request) -> dict[str, Any]:
    """What every page needs: language and direction, translations, the person, the CSRF token."""
    lang = negotiate(request)
    trans = translations(request)
    identity = page_identity(request)
    return {
        "lang": lang,
        "dir": lang.dir,
        "languages": LANGUAGES,
        "_": lambda message, **values: _fill(trans.gettext(message), values),
        "ngettext": lambda one, many, n, **values: _fill(trans.ngettext(one, many, n), {"num": n, **values}),
        "identity": identity,
        "person_name": display_name(request),
        "csrf": lambda: csrf_token(request),
        "csp_nonce": lambda: csp_nonce(request),
        "here": request.path_qs,
        "qs": urlencode,
        "label": lambda kind, code: trans.gettext(LABELS[kind].get(code, code)) if isinstance(code, str) else "",
        "local_time": local_time,
        "ltr": ltr,
        "bdi": bdi,
        "isolated": isolate_numbers,
        "language_name": lambda code: language_name(code, lang.code),  # support languages by name, never codes
        "venue_kind": lambda code: trans.gettext(LABELS["venue"].get(code, code)) if code else "",
    }


def local_time(value: Any) -> str:
    """An ISO 8601 instant as Stockholm local time to the minute (``2026-03-29 14:05``); other text unchanged."""
    if not value:
        return ""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:  # the services always send an offset; a naive time is taken as UTC
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _fill(text: str, values: dict[str, Any]) -> str:
    """``%(name)s`` placeholders, as gettext catalogues use them.

    A value given as markup (``ltr(code)``, ``bdi(name)``) keeps its isolation; the text around it and every
    other value are escaped as usual.
    """
    if not values:
        return text
    if any(isinstance(v, Markup) for v in values.values()):
        return escape(text) % values
    return text % values


# Right-to-left pages (Arabic, Persian) reorder a run of digits joined by "-", ":" or "/" ("19811218-9876"
# reads "9876-19811218"), and a Latin name or code takes the punctuation around it along. Each such value
# is isolated: ``ltr`` for numbers, dates, times, codes and references (always left to right), ``bdi`` for
# names and other text people typed (its own direction, found from its first letter).
_NUMBER_RUN = re.compile(r"\d+(?:[-–/.:]\d+)+")


def ltr(value: Any) -> Markup:
    """``value`` isolated and left to right: ``<bdi dir="ltr">``."""
    if value is None or value == "":
        return Markup("")
    return Markup('<bdi dir="ltr">%s</bdi>') % (value,)


def bdi(value: Any) -> Markup:
    """``value`` isolated in its own direction: ``<bdi>`` (names, places, anything people entered)."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % (value,)


def isolate_numbers(text: str) -> Markup:
    """A translated text with each run like ``19811218-9876`` or ``09:00`` isolated left to right."""
    source = text if isinstance(text, Markup) else str(text)
    parts: list[Markup] = []
    at = 0
    for run in _NUMBER_RUN.finditer(source):
        parts += [escape(source[at : run.start()]), ltr(run.group(0))]
        at = run.end()
    parts.append(escape(source[at:]))
    return Markup("").join(parts)


def render(request: web.Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200,
           private: bool = False) -> web.Response:  # fmt: skip
    """Render ``template`` with the common context; pages about a person are never cached."""
    response = aiohttp_jinja2.render_template(template, request, {**common_context(request), **(context or {})},
                                              status=status)  # fmt: skip
    response.headers["Content-Language"] = negotiate(request).code
    response.headers["Content-Security-Policy"] = PAGE_CSP.format(
        nonce=csp_nonce(request), provider=_provider_origin(request)
    )
    keep_cookies(request, response)
    if private or not page_identity(request).anonymous:
        response.headers.update(NO_STORE)
    return response


def error_page(request: web.Request, status: int, message: str, *, request_id: str = "") -> web.Response:
    """An HTML error page in the visitor's language (with the request id to quote for a 5xx)."""
    context = {"status": status, "message": message, "request_id": request_id if status >= 500 else ""}
    return render(request, "error.html", context, status=status, private=True)


# Browsers drop tabs and line breaks from URLs and read "\\" as "/", so "/\t/evil" and "/\\evil" both
# become "//evil": a path to another host. Any control character, space or backslash is refused.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
# Once percent-decoded, a path must not lead elsewhere either (in case any layer decodes it again).
_ELSEWHERE_DECODED = re.compile(r"^/[\x00-\x20\x7f]*[/\\]")


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: the one check for every ``next=`` redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or _UNSAFE.search(target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or _ELSEWHERE_DECODED.match(unquote(target)):
        return default
    return target


def see_other(location: str) -> web.HTTPSeeOther:
    """The answer to a successful form post (Post/Redirect/Get)."""
    return web.HTTPSeeOther(location=safe_next(location))
