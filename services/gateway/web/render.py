"""Rendering pages: the common context every template gets, HTML error pages, safe redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web

from services.gateway.web.i18n import LANGUAGES, negotiate, translations
from services.gateway.web.labels import LABELS
from services.gateway.web.session import csrf_token, display_name, keep_cookies, page_identity

NO_STORE = {"Cache-Control": "private, no-store"}


def common_context(request: web.Request) -> dict[str, Any]:
    """What every page needs: language and direction, translations, the person, the CSRF token."""
    lang = negotiate(request)
    trans = translations(request)
    identity = page_identity(request)
    return {
        "lang": lang,
        "dir": "rtl" if lang.rtl else "ltr",
        "languages": LANGUAGES,
        "_": lambda message, **values: _fill(trans.gettext(message), values),
        "ngettext": lambda one, many, n, **values: _fill(trans.ngettext(one, many, n), {"num": n, **values}),
        "identity": identity,
        "person_name": display_name(request),
        "csrf": lambda: csrf_token(request),
        "here": request.path_qs,
        "qs": urlencode,
        "label": lambda kind, code: trans.gettext(LABELS[kind].get(code, code)) if isinstance(code, str) else "",
        "venue_kind": lambda code: trans.gettext(LABELS["venue"].get(code, code)) if code else "",
    }


def _fill(text: str, values: dict[str, Any]) -> str:
    """``%(name)s`` placeholders, as gettext catalogues use them."""
    return text % values if values else text


def render(request: web.Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200,
           private: bool = False) -> web.Response:  # fmt: skip
    """Render ``template`` with the common context; pages about a person are never cached."""
    response = aiohttp_jinja2.render_template(template, request, {**common_context(request), **(context or {})},
                                              status=status)  # fmt: skip
    response.headers["Content-Language"] = negotiate(request).code
    keep_cookies(request, response)
    if private or not page_identity(request).anonymous:
        response.headers.update(NO_STORE)
    return response


def error_page(request: web.Request, status: int, message: str) -> web.Response:
    """An HTML error page in the visitor's language."""
    return render(request, "error.html", {"status": status, "message": message}, status=status, private=True)


def local_path(target: str | None, default: str = "/") -> str:
    """Only same-site paths may be redirect targets (no ``//host`` or ``scheme:`` open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def see_other(location: str) -> web.HTTPSeeOther:
    """The answer to a successful form post (Post/Redirect/Get)."""
    return web.HTTPSeeOther(location=local_path(location))
