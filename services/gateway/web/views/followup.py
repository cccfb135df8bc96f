"""The follow-up page and its CSV download, for auditors and administrators; each view is a logged export."""

from __future__ import annotations

from aiohttp import web

from services.gateway.followup.collect import collect, log_export
from services.gateway.followup.formats import to_csv
from services.gateway.web.followup_page import context
from services.gateway.web.i18n import negotiate, translations
from services.gateway.web.render import render
from services.gateway.web.views.common import page, require
from shared.body import load_query
from shared.clock import clock_of
from shared.errors import ValidationFailed
from shared.followup import PERIODS, Window, WindowQuerySchema, resolve_window

ROLES = ("auditor", "admin")


def _window(request: web.Request) -> Window:
    return resolve_window(load_query(request, WindowQuerySchema), clock_of(request).today())


@page
async def targets(request: web.Request) -> web.Response:
    """The figures of the municipality's targets: charts with a table beside each, printable."""
    identity = require(request, *ROLES)
    try:
        window = _window(request)
    except ValidationFailed as exc:
        errors = {e.pointer.lstrip("/"): e.message.removeprefix("(query) ") for e in exc.errors}
        return render(request, "followup/targets.html", {"errors": errors, "periods": PERIODS,
                                                         "query": dict(request.query)}, status=422)  # fmt: skip
    doc = await collect(request, identity, window)
    await log_export(request.app, identity=identity, fmt="page", doc=doc)
    ctx = context(doc, negotiate(request).code, translations(request).gettext)
    return render(request, "followup/targets.html", {**ctx, "errors": {}, "periods": PERIODS,
                                                     "query": window.query()})  # fmt: skip


@page
async def targets_csv(request: web.Request) -> web.Response:
    """The same figures as CSV, downloaded from the page."""
    identity = require(request, *ROLES)
    doc = await collect(request, identity, _window(request))
    await log_export(request.app, identity=identity, fmt="csv", doc=doc)
    return web.Response(
        body=to_csv(doc),
        content_type="text/csv",
        charset="utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="lotsen-follow-up.csv"',
            "Cache-Control": "private, no-store",
        },
    )
