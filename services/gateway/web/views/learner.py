"""Learner pages: "does it fit me?", enrolling or joining a wait-list, my pages with offers and cases."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any
from urllib.parse import quote

from aiohttp import web

from services.gateway.web.client import call
from services.gateway.web.i18n import negotiate
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.cases import _case_id
from services.gateway.web.views.common import expect, page, require
from services.gateway.web.views.public import day_names, eligibility
from shared.i18n import LANGUAGES


def match_request(form: Any, language: str) -> dict[str, Any]:
    """The fit form → a match request with the learner's constraints (nothing is stored)."""
    days = [int(d) for d in form.getall("workday", []) if str(d).isdigit() and 1 <= int(d) <= 7]
    start, end = str(form.get("workStart", "")).strip(), str(form.get("workEnd", "")).strip()
    busy = [{"weekdays": days, "start": start[:5], "end": end[:5], "kind": "work"}] if days and start and end else []
    path = str(form.get("path", "")).strip()
    constraints = {
        "path": int(path) if path in ("1", "2", "3") else 1, "busyWindows": busy,
        "parentalLeaveWithChild": form.get("child") == "yes", "homeDistrict": str(form.get("district", "")) or None,
        "preferredLanguage": language if language in LANGUAGES else "sv",
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
    """Enrol in the group, or join its wait-list when it is full.

    A refusal goes back to the group's page, which says why in the page's language from the same checks
    (``GET /v1/groups/{id}/eligibility``): never the service's problem text, never an error page.
    """
    require(request, "resident")
    group_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())
    reply = await call(request, "sfi", "POST", f"/v1/groups/{group_id}/enrolments", json_body={},
                       headers={"Idempotency-Key": key, "Accept-Language": negotiate(request).code})  # fmt: skip
    if reply.status in (409, 422):
        raise see_other(f"/sfi/groups/{group_id}?refused=1")
    body = expect(request, reply, 200, 201).body
    raise see_other(f"/sfi/groups/{group_id}?enrolled={quote(str(body.get('status', '')))}")


ACTIVE = ("enrolled", "waitlisted")
MOVES_SHOWN = 12


@page
async def my_pages(request: web.Request) -> web.Response:
    """My SFI enrolments, wait-list places and offers (each with the groups I may move to and a way to leave),
    and my validation cases."""
    require(request)
    enrolments, cases = await asyncio.gather(
        call(request, "sfi", "GET", "/v1/me/enrolments"),
        call(request, "validation", "GET", "/v1/me/cases"),
    )
    mine = enrolments.body if enrolments.ok else None
    moves: dict[str, list[dict[str, Any]]] = {}
    if mine:
        active = [e for e in mine.get("data", []) if e.get("status") in ACTIVE]
        found = await asyncio.gather(*(move_targets(request, e) for e in active))
        moves = {e["id"]: targets for e, targets in zip(active, found, strict=True)}
    return render(request, "my.html", {
        "enrolments": mine, "moves": moves,
        "cases": cases.body.get("data", []) if cases.ok and isinstance(cases.body, dict) else None,
        "done": request.query.get("done", ""), "group": request.query.get("group", ""),
        "problem": request.query.get("problem", ""),
    })  # fmt: skip


async def move_targets(request: web.Request, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The other groups of the entry's course the learner may move to now, by the rules of an enrolment.

    A seat moves only to a group with a free seat; a wait-list place to any group of the course (it keeps its
    queue time). Each candidate is asked the eligibility question; the entry itself is the only reason allowed.
    """
    reply = await call(request, "sfi", "GET", "/v1/groups", params={"course": entry["course"], "limit": "200"})
    if reply.status != 200:
        return []
    seated = entry["status"] == "enrolled"
    candidates = [g for g in reply.body["data"] if g["id"] != entry["groupId"] and not g.get("deleted")
                  and (not seated or (g.get("freeSeats") or 0) > 0)][:MOVES_SHOWN]  # fmt: skip
    answers = await asyncio.gather(*(eligibility(request, g["id"]) for g in candidates))
    return [g for g, a in zip(candidates, answers, strict=True)
            if a and all(r["key"].startswith("enrol.active.") for r in a["reasons"])]  # fmt: skip


@page
async def move(request: web.Request) -> web.Response:
    """Move a seat or a wait-list place to another group of the course."""
    require(request, "resident")
    enrolment_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    group_id = _case_id(str(form.get("groupId", "")))
    reply = await call(request, "sfi", "POST", f"/v1/enrolments/{enrolment_id}/move", json_body={"groupId": group_id},
                       headers={"Accept-Language": negotiate(request).code})  # fmt: skip
    if reply.status in (409, 422):
        seat = isinstance(reply.body, dict) and reply.body.get("code") == "no-free-seat"
        raise see_other(f"/my?problem={'full' if seat else 'move'}&group={quote(group_id)}")
    expect(request, reply, 200)
    raise see_other(f"/my?done=moved&group={quote(group_id)}")


@page
async def withdraw(request: web.Request) -> web.Response:
    """Leave a group or a wait-list: a confirmation first (GET), then the place is given up (POST)."""
    require(request, "resident")
    enrolment_id = _case_id(request.match_info["id"])
    if request.method == "POST":
        await check_csrf(request)
        reply = await call(request, "sfi", "POST", f"/v1/enrolments/{enrolment_id}/withdraw")
        if reply.status == 409:  # already ended (a second tab, an offer that expired meanwhile)
            raise see_other("/my?problem=ended")
        expect(request, reply, 200)
        raise see_other("/my?done=withdrawn")
    entry = expect(request, await call(request, "sfi", "GET", f"/v1/enrolments/{enrolment_id}")).body
    if entry.get("status") not in (*ACTIVE, "offered"):
        raise see_other("/my?problem=ended")
    return render(request, "my_withdraw.html", {"entry": entry}, private=True)


@page
async def answer_offer(request: web.Request) -> web.Response:
    """Accept or decline an offered seat."""
    require(request, "resident")
    offer_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    answer = "accept" if form.get("answer") == "accept" else "decline"
    expect(request, await call(request, "sfi", "POST", f"/v1/offers/{offer_id}/{answer}", json_body={}))
    raise see_other(f"/my?done={answer}")
