"""Work-placement pages for caseworkers and SFI administrators: offers, who fits, proposals, registering, figures."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from aiohttp import web

from services.gateway.web import placement_form as pf
from services.gateway.web.client import call
from services.gateway.web.i18n import negotiate
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.cases import _case_id
from services.gateway.web.views.common import PageError, expect, page, require
from services.gateway.web.views.placements import LABELS, STAFF, problem_text
from services.gateway.web.views.public import day_names

ADMIN = "sfi_admin"
FIGURE_READERS = ("sfi_admin", "caseworker", "auditor")


async def _data(request: web.Request, path: str, **params: str) -> list[dict[str, Any]]:
    return expect(request, await call(request, "sfi", "GET", path, params={"limit": "500", **params})).body["data"]


@page
async def offers(request: web.Request) -> web.Response:
    """Every placement offer still running, with free seats, for those who arrange placements."""
    require(request, *STAFF)
    items = await _data(request, "/v1/placements", current="true")
    return render(request, "placements/offers.html", {"offers": items, "days": day_names(request), **LABELS})


@page
async def offer_page(request: web.Request) -> web.Response:
    """One offer: its agreements, and the learners who fit it (and why others do not), to propose it to."""
    require(request, *STAFF)
    placement_id = _case_id(request.match_info["id"])
    offer, agreements, fits = await asyncio.gather(
        call(request, "sfi", "GET", f"/v1/placements/{placement_id}"),
        call(request, "sfi", "GET", "/v1/placement-agreements", params={"placementId": placement_id, "limit": "200"}),
        call(request, "sfi", "GET", f"/v1/placements/{placement_id}/candidates",
             params={"language": negotiate(request).code, "limit": "50"}),
    )  # fmt: skip
    return render(request, "placements/offer.html", {
        "p": expect(request, offer).body, "agreements": expect(request, agreements).body["data"],
        "fits": expect(request, fits).body, "days": day_names(request), "proposed": request.query.get("proposed"),
        **LABELS,
    })  # fmt: skip


@page
async def propose(request: web.Request) -> web.Response:
    """Propose the offer to a learner who fits it."""
    require(request, *STAFF)
    placement_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    learner = _case_id(str(form.get("learnerId", "")))
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())
    reply = await call(request, "sfi", "POST", f"/v1/placements/{placement_id}/agreements",
                       json_body={"learnerId": learner}, headers={"Idempotency-Key": key})  # fmt: skip
    if reply.status in (409, 422):
        raise PageError(reply.status, problem_text(request, reply))
    expect(request, reply, 201)
    raise see_other(f"/placements/{placement_id}?proposed=1")


async def _manage(request: web.Request, *, status: int = 200, **context: Any) -> web.Response:
    workplaces, items = await asyncio.gather(_data(request, "/v1/workplaces"), _data(request, "/v1/placements"))
    return render(request, "placements/manage.html", {
        "workplaces": workplaces, "offers": items, "days": day_names(request), "w_form": {}, "o_form": {},
        "w_errors": {}, "o_errors": {}, "saved": request.query.get("saved", ""), **LABELS, **context,
    }, status=status)  # fmt: skip


@page
async def manage(request: web.Request) -> web.Response:
    """Register workplaces and publish offers (SFI administrators)."""
    require(request, ADMIN)
    return await _manage(request)


@page
async def save_workplace(request: web.Request) -> web.Response:
    """Register a workplace; refusals come back next to the fields."""
    require(request, ADMIN)
    form = await check_csrf(request)
    reply = await call(request, "sfi", "POST", "/v1/workplaces", json_body=pf.read_workplace(form),
                       headers={"Idempotency-Key": str(form.get("idempotency", "")) or str(uuid.uuid4())})  # fmt: skip
    if reply.status == 422:
        return await _manage(request, status=422, w_form=form,
                             w_errors=pf.form_errors(reply.field_errors(), pf.WORKPLACE_FIELDS))  # fmt: skip
    expect(request, reply, 201)
    raise see_other("/admin/placements?saved=workplace")


@page
async def save_offer(request: web.Request) -> web.Response:
    """Publish a placement offer; refusals come back next to the fields."""
    require(request, ADMIN)
    form = await check_csrf(request)
    reply = await call(request, "sfi", "POST", "/v1/placements", json_body=pf.read_offer(form),
                       headers={"Idempotency-Key": str(form.get("idempotency", "")) or str(uuid.uuid4())})  # fmt: skip
    if reply.status == 422:
        return await _manage(request, status=422, o_form=form, o_weekdays=form.getall("weekdays", []),
                             o_errors=pf.form_errors(reply.field_errors(), pf.OFFER_FIELDS))  # fmt: skip
    body = expect(request, reply, 201).body
    raise see_other(f"/placements/{body['id']}")


@page
async def figures(request: web.Request) -> web.Response:
    """Placements started this year (or another) per employer kind, and the progress toward the target."""
    require(request, *FIGURE_READERS)
    year = request.query.get("year", "")
    params = {"year": year} if year.isdigit() else {}
    body = expect(request, await call(request, "sfi", "GET", "/v1/placements/figures", params=params)).body
    return render(request, "placements/figures.html", {
        "f": body, "rows": [pf.progress(r) for r in body["rows"]], "total": pf.progress(body["total"]), **LABELS,
    })  # fmt: skip
