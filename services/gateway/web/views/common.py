"""What every page handler shares: error pages instead of problem JSON, sign-in and role checks."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from aiohttp import web

from services.gateway.web.client import Reply, ServiceDown
from services.gateway.web.i18n import gettext
from services.gateway.web.render import error_page
from services.gateway.web.session import page_identity
from shared.errors import DomainError
from shared.identity import Identity

log = logging.getLogger("lotsen.gateway.web")
View = Callable[[web.Request], Awaitable[web.StreamResponse]]


class PageError(Exception):
    """Stop rendering and show an error page with this status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def page(handler: View) -> View:
    """Turn service outages, refusals and failed checks into HTML pages in the visitor's language."""

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ServiceDown as exc:
            log.warning("page %s: %s did not answer", request.path, exc.service)
            msg = gettext(request, "This service is not answering right now. Please try again in a moment.")
            return error_page(request, 503, msg)
        except PageError as exc:
            return error_page(request, exc.status, exc.message)
        except DomainError as exc:
            return error_page(request, exc.status, _domain_message(request, exc))

    return wrapped


def _domain_message(request: web.Request, exc: DomainError) -> str:
    if exc.status == 403:
        return gettext(request, "The form has expired or you may not do this. Reload the page and try again.")
    return gettext(request, "Something in the request was not right.")


def require(request: web.Request, *roles: str) -> Identity:
    """The signed-in person holding one of ``roles``; anonymous visitors are sent to sign in first."""
    identity = page_identity(request)
    if identity.anonymous:
        raise web.HTTPSeeOther(location="/signin?next=" + quote(request.path_qs, safe=""))
    if roles and not identity.has_role(*roles):
        raise PageError(403, gettext(request, "This page is for other roles than yours."))
    return identity


def expect(request: web.Request, reply: Reply, *ok: int) -> Reply:
    """The reply if its status is expected, else an error page (404 stays 404; the rest say what happened)."""
    if reply.status in (ok or (200,)):
        return reply
    if reply.status == 404:
        raise PageError(404, gettext(request, "We could not find that page."))
    if reply.status in (401, 403):
        raise PageError(403, gettext(request, "This page is for other roles than yours."))
    if reply.status in (503, 504, 429):
        raise PageError(503, gettext(request, "This service is not answering right now. Please try again in a moment."))
    raise PageError(
        reply.status if reply.status >= 400 else 502, reply.detail or gettext(request, "Something went wrong.")
    )
