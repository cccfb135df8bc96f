"""Caseworker pages: the queue with filters, and a case with documents, pre-check, transitions and decision."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from services.gateway.web.client import call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.labels import CASE_STATES
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.cases import _case_id
from services.gateway.web.views.common import expect, page, require

STAFF = ("caseworker", "auditor")


@page
async def queue(request: web.Request) -> web.Response:
    """The caseworker queue, oldest first, with filters (state, role, waiting longer than, assigned to me)."""
    require(request, *STAFF)
    q = request.query
    params: list[tuple[str, str]] = [("limit", "50")]
    params += [("state", s) for s in q.getall("state", []) if s in CASE_STATES]
    for key in ("role", "waitingLongerThanDays", "pageToken"):
        if q.get(key):
            params.append((key, q[key]))
    if q.get("assignedToMe") == "true":
        params.append(("assignedToMe", "true"))
    cases, roles = await asyncio.gather(
        call(request, "validation", "GET", "/v1/cases", params=params),
        call(request, "validation", "GET", "/v1/roles"),
    )
    errors = cases.field_errors() if cases.status == 422 else {}
    page_body = {"data": [], "pageToken": None} if errors else expect(request, cases).body
    return render(request, "work/queue.html", {
        "cases": page_body["data"], "next_token": page_body.get("pageToken"), "q": q, "errors": errors,
        "roles": expect(request, roles).body["data"], "states": CASE_STATES, "chosen": q.getall("state", []),
    })  # fmt: skip


def decision_courses(case: dict[str, Any], roles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The courses of the package the case is decided against (the pre-check's route, else the largest)."""
    role = next((r for r in roles if r["code"] == case["targetRole"]), None)
    if role is None:
        return []
    pre = case.get("precheck") or {}
    chosen = (pre.get("route") or {}).get("key", "")
    code = next((r.get("profile") for r in pre.get("routes", []) if f"route.{r.get('route')}" == chosen), None)
    profiles = role.get("profiles", [])
    profile = next((p for p in profiles if p["code"] == code and p.get("courses")), None)
    if profile is None:
        profile = max(profiles, key=lambda p: len(p.get("courses") or []), default={"courses": []})
    return profile.get("courses") or []


@page
async def case_page(request: web.Request) -> web.Response:
    """A case as a caseworker sees it."""
    require(request, *STAFF)
    case_id = _case_id(request.match_info["id"])
    lang = "sv" if negotiate(request).code == "sv" else "en"
    case_r, events_r, roles_r = await asyncio.gather(
        call(request, "validation", "GET", f"/v1/applications/{case_id}", params={"lang": lang}),
        call(request, "validation", "GET", f"/v1/applications/{case_id}/events"),
        call(request, "validation", "GET", "/v1/roles"),
    )
    case = expect(request, case_r).body
    return render(request, "work/case.html", {
        "case": case, "events": events_r.body["data"] if events_r.ok else [],
        "courses": decision_courses(case, expect(request, roles_r).body["data"]),
        "problem": request.query.get("problem", ""),
    })  # fmt: skip


def _problem_redirect(case_id: str, reply_detail: str) -> web.HTTPSeeOther:
    from urllib.parse import quote

    return see_other(f"/work/cases/{case_id}?problem={quote(reply_detail[:300])}")


@page
async def transition(request: web.Request) -> web.Response:
    """Move the case to the chosen state (with the version the caseworker saw, so a stale page is refused)."""
    require(request, "caseworker")
    case_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    body: dict[str, Any] = {"to": str(form.get("to", ""))}
    if form.get("reason"):
        body["reason"] = str(form["reason"])
    if body["to"] == "assessment_scheduled":
        body["assessment"] = {k: str(form.get(k, "")) for k in ("date", "place", "assessor")}
    reply = await call(request, "validation", "POST", f"/v1/applications/{case_id}/transitions", json_body=body,
                       headers={"If-Match": f'"v{form.get("version", "")}"'})  # fmt: skip
    if not reply.ok:
        raise _problem_redirect(case_id, _problem_text(request, reply))
    raise see_other(f"/work/cases/{case_id}")


def _problem_text(request: web.Request, reply) -> str:
    if reply.status == 412:
        return gettext(request, "Someone else changed the case meanwhile. Here it is as it is now.")
    errors = reply.field_errors()
    if errors:
        return "; ".join(f"{p}: {m}" for p, m in errors.items())
    return reply.detail or gettext(request, "Something went wrong.")


@page
async def decide(request: web.Request) -> web.Response:
    """Record the decision: an outcome (full, partial, none) per course of the package."""
    require(request, "caseworker")
    case_id = _case_id(request.match_info["id"])
    form = await check_csrf(request)
    courses = [{"code": k.removeprefix("outcome-"), "outcome": str(v)}
               for k, v in form.items() if k.startswith("outcome-") and v]  # fmt: skip
    for course in courses:
        note = str(form.get(f"note-{course['code']}", "")).strip()
        if note:
            course["note"] = note
    body = {"courses": courses, "note": str(form.get("note", "")).strip() or None}
    reply = await call(request, "validation", "POST", f"/v1/applications/{case_id}/decision", json_body=body,
                       headers={"If-Match": f'"v{form.get("version", "")}"'})  # fmt: skip
    if not reply.ok:
        raise _problem_redirect(case_id, _problem_text(request, reply))
    raise see_other(f"/work/cases/{case_id}")


@page
async def document(request: web.Request) -> web.StreamResponse:
    """Download one of the case's documents (disclosure is audited by the service)."""
    require(request, *STAFF)
    case_id = _case_id(request.match_info["id"])
    doc_id = _case_id(request.match_info["doc"])
    reply = expect(request, await call(request, "validation", "GET", f"/v1/applications/{case_id}/documents/{doc_id}"))
    return web.Response(body=reply.raw, headers={
        "Content-Type": reply.headers.get("Content-Type", "application/octet-stream"),
        "Content-Disposition": reply.headers.get("Content-Disposition", "attachment"),
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
    })  # fmt: skip
