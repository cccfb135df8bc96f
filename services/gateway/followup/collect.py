"""One figures document from both services, with the targets evaluated, and the log of every export.

Both services are asked concurrently for the same window, as the caller (the services check the caller
again and log their own disclosure). A service that is down, slow or refusing leaves its figures ``null``,
named in ``missing`` with ``complete: false``; the rest is still served.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlencode

import asyncpg
from aiohttp import web

from services.gateway.config import GATEWAY_CONFIG
from services.gateway.followup import queries
from services.gateway.followup.config import TARGET_CONFIG
from services.gateway.followup.targets import evaluate, targets_of
from services.gateway.proxy import UPSTREAM_POOLS, trace_headers
from services.gateway.upstream import Call, UpstreamPool, fetch
from shared.db import DB_POOL
from shared.disclosure import MIN_PERSONS
from shared.errors import DomainError
from shared.followup import Window
from shared.identity import HEADER, INTERNAL_SECRET, Identity, sign_identity

log = logging.getLogger("lotsen.gateway.followup")
FIGURES_PATH = "/v1/follow-up/figures"
SFI_FIGURES = ("sfiStart", "sfiResults", "workOrStudies", "placements")
VALIDATION_FIGURES = ("validation",)


async def _fetch(pool: UpstreamPool, call: Call) -> dict[str, Any]:
    status, _, body = await fetch(pool, call)
    if status != 200:
        raise LookupError(status)
    return json.loads(body)


async def collect(request: web.Request, identity: Identity, window: Window) -> dict[str, Any]:
    """The figures of both services over ``window`` as ``identity``, with the municipality's targets."""
    app = request.app
    headers = {HEADER: sign_identity(identity, app[INTERNAL_SECRET]), "Accept": "application/json",
               **trace_headers(request)}  # fmt: skip
    call = Call("GET", f"{FIGURES_PATH}?{urlencode(window.query())}", headers, None,
                app[GATEWAY_CONFIG].upstream_deadline)  # fmt: skip
    pools = app[UPSTREAM_POOLS]
    sfi, validation = await asyncio.gather(_fetch(pools["sfi"], call), _fetch(pools["validation"], call),
                                           return_exceptions=True)  # fmt: skip
    doc: dict[str, Any] = {"window": window.query(), "minPersons": MIN_PERSONS}
    missing = []
    for name, result, figures in (("sfi", sfi, SFI_FIGURES), ("validation", validation, VALIDATION_FIGURES)):
        if isinstance(result, DomainError | LookupError | ValueError):
            log.info("follow-up figures missing: %s (%s)", name, type(result).__name__)
            missing.append(name)
            result = {}
        elif isinstance(result, BaseException):
            raise result
        doc.update({figure: result.get(figure) for figure in figures})
    doc["targets"] = [evaluate(t, doc.get(t.figure), window) for t in targets_of(app[TARGET_CONFIG])]
    doc["complete"] = not missing
    doc["missing"] = missing
    return doc


async def log_export(app: web.Application, *, identity: Identity, fmt: str, doc: dict[str, Any]) -> None:
    """Write the export to the append-only log before anything is sent; no log, no export (503)."""
    pool: asyncpg.Pool = app[DB_POOL]
    async with pool.acquire() as conn:
        await queries.log_export(conn, identity=identity, fmt=fmt, params=doc["window"], complete=doc["complete"])
