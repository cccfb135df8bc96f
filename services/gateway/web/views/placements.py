"""Work-placement pages for learners and workplace contacts, and the agreement page every party shares.

A learner sees the placements that fit their SFI groups and asks for one; the agreement page shows the
parties, hours, period, mentor and registerkontroll date, and the steps the viewer may take; its print view
is the printable agreement. A workplace contact sees their workplace's placements and agreements.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from aiohttp import web

from services.gateway.web import placement_form as pf
from services.gateway.web.client import Reply, call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.cases import _case_id
from services.gateway.web.views.common import PageError, expect, page, require
from services.gateway.web.views.public import day_names

LABELS = {"sectors": pf.SECTORS, "kinds": pf.KINDS, "employers": pf.EMPLOYER_KINDS, "states": pf.STATES}
STAFF = ("sfi_admin", "caseworker")
CONTACT = "workplace_contact"


def clash_text(request: web.Request, problem: Any) -> str | None:
    """A 409 about an agreed work placement, said in the page's language (``None`` for any other problem)."""
    clash = problem.get("collision") if isinstance(problem, dict) else None
    if not isinstance(clash, dict) or "first" not in clash:
        return None
    day = day_names(request).get(clash.get("weekday"), "") if isinstance(clash.get("weekday"), int) else ""
    values = {"title": clash.get("placementTitle") or "", "group": clash.get("groupName") or "", "day": day,
              "start": clash.get("start", ""), "end": clash.get("end", ""), "first": clash["first"]}  # fmt: skip
    if clash.get("learnerName"):
        return gettext(request, "The change would make %(group)s collide with the work placement %(title)s of "
                       "%(learner)s (%(day)s %(start)s–%(end)s, first on %(first)s).", learner=clash["learnerName"],
                       **values)  # fmt: skip
    if values["group"] and values["title"]:
        return gettext(request, "%(group)s collides with the work placement %(title)s (%(day)s %(start)s–%(end)s, "
                       "first on %(first)s).", **values)  # fmt: skip
    return gettext(request, "The placement's hours collide with other busy time (first on %(first)s).", **values)


def problem_text(request: web.Request, reply: Reply) -> str:
    """What to tell the person about a refused placement step."""
    errors = reply.field_errors()
    if "/registerkontrollShownOn" in errors or "registerkontroll" in reply.detail:
        return gettext(request, "This workplace asks for a registerkontroll: give the date it was shown. It counts "
                       "for 12 months and must not be a day still to come.")  # fmt: skip
    if reply.status == 409 and "seats" in reply.detail:
        return gettext(request, "Every seat of this placement is taken.")
    return (
        clash_text(request, reply.body)
        or "; ".join(errors.values())
        or reply.detail
        or gettext(request, "Something in the request was not right.")
    )


@page
async def mine(request: web.Request) -> web.Response:
    """My placement agreements, and the placements that fit my SFI groups (with why others do not)."""
    require(request, "resident")
    agreements, matches = await asyncio.gather(
        call(request, "sfi", "GET", "/v1/placement-agreements"),
        call(request, "sfi", "POST", "/v1/placements/matches", json_body={"language": negotiate(request).code}),
    )
    return render(request, "placements/mine.html", {
        "agreements": expect(request, agreements).body["data"], "result": matches.body if matches.ok else None,
        "no_profile": matches.status == 404, "asked": request.query.get("asked", ""), **LABELS,
    })  # fmt: skip


@page
async def ask(request: web.Request) -> web.Response:
    """Ask for a placement: a proposal the municipality then agrees with the workplace."""
    require(request, "resident")
    placement_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())
    reply = await call(request, "sfi", "POST", f"/v1/placements/{placement_id}/agreements", json_body={},
                       headers={"Idempotency-Key": key})  # fmt: skip
    if reply.status in (409, 422):
        raise PageError(reply.status, problem_text(request, reply))
    body = expect(request, reply, 201).body
    raise see_other(f"/placements/agreements/{body['id']}?asked=1")


async def _agreement(request: web.Request) -> dict[str, Any]:
    agreement_id = _case_id(request.match_info["id"])
    return expect(request, await call(request, "sfi", "GET", f"/v1/placement-agreements/{agreement_id}")).body


def _context(request: web.Request, agreement: dict[str, Any], **extra: Any) -> dict[str, Any]:
    identity = require(request)
    staff_or_contact = identity.has_role(*STAFF, CONTACT)
    return {
        "a": agreement, "days": day_names(request), "steps": pf.STEPS.get(agreement["state"], []) if staff_or_contact
        else [], "may_end": agreement["state"] in ("proposed", "agreed", "ongoing"),
        "may_record": staff_or_contact and agreement["state"] in ("agreed", "ongoing", "completed"), **LABELS, **extra,
    }  # fmt: skip


@page
async def agreement_page(request: web.Request) -> web.Response:
    """One agreement: parties, hours, period, mentor, registerkontroll date, history, and the next steps."""
    require(request)
    agreement = await _agreement(request)
    return render(request, "placements/agreement.html", _context(request, agreement, done=request.query.get("done"),
                                                                 asked=request.query.get("asked")))  # fmt: skip


@page
async def print_page(request: web.Request) -> web.Response:
    """The printable agreement between the learner, the workplace and the municipality."""
    require(request)
    return render(request, "placements/print.html", {"a": await _agreement(request), "days": day_names(request),
                                                     **LABELS}, private=True)  # fmt: skip


@page
async def step(request: web.Request) -> web.Response:
    """Take the agreement one step on (or end it early); a refusal is shown on the agreement page."""
    require(request)
    form = await check_csrf(request)
    agreement = await _agreement(request)
    body = pf.read_step(form)
    if form.get("hours") == "1":  # recording hours done, not a step
        reply = await call(request, "sfi", "PATCH", f"/v1/placement-agreements/{agreement['id']}",
                           json_body={"hoursDone": body.get("hoursDone")},
                           headers={"If-Match": f'"v{form.get("version", "")}"'})  # fmt: skip
    else:
        reply = await call(request, "sfi", "POST", f"/v1/placement-agreements/{agreement['id']}/transitions",
                           json_body=body, headers={"If-Match": f'"v{form.get("version", "")}"'})  # fmt: skip
    if reply.ok:
        raise see_other(f"/placements/agreements/{agreement['id']}?done=1")
    if reply.status == 412:
        problem = gettext(request, "Someone else changed the agreement meanwhile. Look at it again and retry.")
    elif reply.status in (409, 422):
        problem = problem_text(request, reply)
    else:
        expect(request, reply)
        raise AssertionError("unreachable")
    return render(request, "placements/agreement.html", _context(request, agreement, problem=problem),
                  status=reply.status)  # fmt: skip


@page
async def workplace_page(request: web.Request) -> web.Response:
    """A workplace contact's placements and agreements."""
    require(request, CONTACT)
    workplaces, offers, agreements = await asyncio.gather(
        call(request, "sfi", "GET", "/v1/workplaces", params={"limit": "100"}),
        call(request, "sfi", "GET", "/v1/placements", params={"mine": "true", "limit": "200"}),
        call(request, "sfi", "GET", "/v1/placement-agreements", params={"limit": "200"}),
    )
    return render(request, "placements/workplace.html", {
        "workplaces": expect(request, workplaces).body["data"], "offers": expect(request, offers).body["data"],
        "agreements": expect(request, agreements).body["data"], "days": day_names(request), **LABELS,
    })  # fmt: skip
