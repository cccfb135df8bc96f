"""Learner pages: "does it fit me?", enrolling or joining a wait-list, my pages with offers and cases."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from urllib.parse import quote

from aiohttp import web

from services.gateway.web.client import call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.cases import _case_id
from services.gateway.web.views.common import PageError, expect, page, require
from services.gateway.web.views.placements import clash_text
from services.gateway.web.views.public import day_names


def match_request(form: Any, language: str) -> dict[str, Any]:
    """The fit form → a match request with the learner's constraints (nothing is stored)."""
    days = [int(d) for d in form.getall("workday", []) if str(d).isdigit() and 1 <= int(d) <= 7]
    start, end = str(form.get("workStart", "")).strip(), str(form.get("workEnd", "")).strip()
    busy = [{"weekdays": days, "start": start[:5], "end": end[:5], "kind": "work"}] if days and start and end else []
    path = str(form.get("path", "")).strip()
    constraints = {
        "path": int(path) if path in ("1", "2", "3") else 1, "busyWindows": busy,
        "parentalLeaveWithChild": form.get("child") == "yes", "homeDistrict": str(form.get("district", "")) or None,
        "preferredLanguage": language if language in ("sv", "en", "ar") else "sv",
    }  # fmt: skip
    course = str(form.get("course", "")).strip()
    return {"course": course or None, "constraints": constraints, "language": language}


@page
async def fit(request: web.Request) -> web.Response:
    """The form (GET) and the ranked groups with reasons (POST)."""
    context: dict[str, Any] = {"days": day_names(request), "form": {}, "workdays": [], "result": None, "errors": {}}
    if request.method == "POST":
        form = await check_csrf(request)
        reply = await call(
            request,
            "sfi",
            "POST",
            "/v1/matches",
            params={"limit": "20"},
            json_body=match_request(form, negotiate(request).code),
        )
        context["form"], context["workdays"] = form, form.getall("workday", [])
        if reply.status == 422:
            context["errors"] = reply.field_errors()
        else:
            context["result"] = expect(request, reply).body
    return render(request, "sfi/fit.html", context, private=True)


@page
async def enrol(request: web.Request) -> web.Response:
    """Enrol in the group, or join its wait-list when it is full."""
    require(request, "resident")
    group_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())
    reply = await call(request, "sfi", "POST", f"/v1/groups/{group_id}/enrolments", json_body={},
                       headers={"Idempotency-Key": key})  # fmt: skip
    if reply.status in (409, 422):  # a collision with an agreed work placement is said in the page's language
        text = clash_text(request, reply.body) or reply.detail or gettext(request, "You cannot enrol in this group.")
        raise PageError(reply.status, text)
    body = expect(request, reply, 200, 201).body
    raise see_other(f"/sfi/groups/{group_id}?enrolled={quote(str(body.get('status', '')))}")


@page
async def my_pages(request: web.Request) -> web.Response:
    """My SFI enrolments, wait-list places and offers, and my validation cases."""
    require(request)
    enrolments, cases = await asyncio.gather(
        call(request, "sfi", "GET", "/v1/me/enrolments"),
        call(request, "validation", "GET", "/v1/me/cases"),
    )
    return render(request, "my.html", {
        "enrolments": enrolments.body if enrolments.ok else None,
        "cases": cases.body.get("data", []) if cases.ok and isinstance(cases.body, dict) else None,
        "done": request.query.get("done", ""),
    })  # fmt: skip


@page
async def answer_offer(request: web.Request) -> web.Response:
    """Accept or decline an offered seat."""
    require(request, "resident")
    offer_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    answer = "accept" if form.get("answer") == "accept" else "decline"
    expect(request, await call(request, "sfi", "POST", f"/v1/offers/{offer_id}/{answer}", json_body={}))
    raise see_other(f"/my?done={answer}")
