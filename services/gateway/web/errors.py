"""Error answers chosen by ``Accept``: an HTML page for browsers, problem+json for API clients.

The shared ``problems`` middleware turns every error (an unknown path, a refused method, a too-large
body, a crash, an outage) into problem+json. This middleware sits just outside it, in the gateway only:
when the request prefers ``text/html`` over JSON (a browser navigating or posting a form), the problem
becomes the site's error page in the visitor's language, with the same status and the same
``Retry-After``/``Allow`` headers. API clients (``application/json``, ``*/*``, no ``Accept``) keep the
problem document unchanged. Responses already streamed (a proxied answer) are left as they are.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web

from services.gateway.web.i18n import gettext
from services.gateway.web.labels import N_
from shared.middlewares import Handler, request_id_of

log = logging.getLogger("lotsen.gateway.web")
PROBLEM = "application/problem+json"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")
MESSAGES = {
    400: N_("Something in the request was not right."),
    401: N_("Please sign in to see this page."),
    403: N_("You may not open this page."),
    404: N_("We could not find that page. Check the address, or start from the start page."),
    405: N_("That cannot be done on this page."),
    408: N_("The page took too long to send. Please try again."),
    413: N_("What you sent is too large. A file may be at most 10 MB."),
    429: N_("Too many requests in a short time. Please wait a moment and try again."),
    500: N_("Something went wrong on our side. Please try again later."),
    503: N_("This service is not answering right now. Please try again in a moment."),
}


def _quality(accept: str, wanted: tuple[str, ...]) -> float:
    best = 0.0
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        if media.strip().lower() not in wanted:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        best = max(best, q)
    return best


def wants_html(request: web.Request) -> bool:
    """The client ranks ``text/html`` above JSON (browsers do; ``*/*`` alone does not count as HTML)."""
    accept = request.headers.get("Accept", "")
    html = _quality(accept, ("text/html", "application/xhtml+xml"))
    return html > 0 and html > _quality(accept, ("application/json", PROBLEM))


def message_for(status: int) -> str:
    """The page's message id for ``status``."""
    if status in MESSAGES:
        return MESSAGES[status]
    return MESSAGES[500] if status >= 500 else MESSAGES[400]


@web.middleware
async def html_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn a problem+json answer into the HTML error page when the client asked for HTML."""
    response = await handler(request)
    if (
        response.status < 400
        or response.prepared
        or not isinstance(response, web.Response)
        or response.content_type != PROBLEM
        or not wants_html(request)
    ):
        return response
    from services.gateway.web.render import error_page  # the page machinery, once the web app is set up

    try:
        detail = json.loads(response.body or b"{}") if isinstance(response.body, bytes) else {}
    except ValueError:
        detail = {}
    status = response.status
    try:
        page = error_page(request, status, gettext(request, message_for(status)),
                          request_id=str(detail.get("request_id") or request_id_of(request)))  # fmt: skip
    except Exception:  # the error page must never hide the error itself
        log.exception("error page for %s failed; answering with the problem document", status)
        return response
    for name in KEPT_HEADERS:
        if name in response.headers:
            page.headers[name] = response.headers[name]
    return page


def install(app: web.Application) -> None:
    """Put ``html_errors`` just outside the shared ``problems`` middleware (inside ``observe``)."""
    from shared.middlewares import problems

    middlewares = app.middlewares
    middlewares.insert(list(middlewares).index(problems), html_errors)
