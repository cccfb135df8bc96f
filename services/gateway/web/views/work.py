"""Caseworker pages: the queue with filters, and a case with documents, pre-check, transitions and decision."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from services.gateway.web.client import call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.labels import CASE_STATES, N_
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.cases import _case_id
from services.gateway.web.views.common import expect, page, require

STAFF = ("caseworker", "auditor")
SEARCH_HELP = N_("Write at least three characters: a reference, a name or a personal number.")


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
    role_list = expect(request, roles).body["data"]
    return render(request, "work/queue.html", {
        "cases": page_body["data"], "next_token": page_body.get("pageToken"), "q": q, "errors": errors,
        "roles": role_list, "states": CASE_STATES, "chosen": q.getall("state", []),
        "role_titles": role_titles(request, role_list),
    })  # fmt: skip


def role_titles(request: web.Request, roles: list[dict[str, Any]]) -> dict[str, str]:
    """Role code → its title in the page's language (Swedish titles on Swedish pages, else English)."""
    swedish = negotiate(request).code == "sv"
    return {r["code"]: (r.get("titleSv") if swedish else r.get("titleEn")) or r["code"] for r in roles}


@page
async def search(request: web.Request) -> web.Response:
    """Find cases by reference, name or personal number: posted, so a number never lands in a URL or a log."""
    require(request, *STAFF)
    form = await check_csrf(request)
    text = str(form.get("q", "")).strip()[:100]
    roles = expect(request, await call(request, "validation", "GET", "/v1/roles")).body["data"]
    context: dict[str, Any] = {"text": text, "results": None, "error": "", "role_titles": role_titles(request, roles)}
    if len(text) < 3:
        context["error"] = gettext(request, SEARCH_HELP)
        return render(request, "work/search.html", context, status=422)
    reply = await call(request, "validation", "POST", "/v1/cases/search", json_body={"query": text, "limit": 50})
    if reply.status == 422:
        context["error"] = gettext(request, SEARCH_HELP)
        return render(request, "work/search.html", context, status=422)
    context["results"] = expect(request, reply).body["data"]
    return render(request, "work/search.html", context)


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
    roles = expect(request, roles_r).body["data"]
    return render(request, "work/case.html", {
        "case": case, "events": events_r.body["data"] if events_r.ok else [],
        "courses": decision_courses(case, roles), "role_titles": role_titles(request, roles),
        "problem": request.query.get("problem", ""), "missing_to": request.query.get("missing") == "to",
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
    if not body["to"]:  # nothing is preselected: the caseworker must choose
        raise see_other(f"/work/cases/{case_id}?missing=to#t-to")
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
    if reply.status in (409, 422) or errors:
        return gettext(request, "The case could not be moved that way. Check the fields and try again.")
    return gettext(request, "Something went wrong.")


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
    if form.get("confirm") != "yes":  # a decision cannot be undone: show what will be recorded, and ask
        return await _confirm_decision(request, case_id, form, body)
    reply = await call(request, "validation", "POST", f"/v1/applications/{case_id}/decision", json_body=body,
                       headers={"If-Match": f'"v{form.get("version", "")}"'})  # fmt: skip
    if not reply.ok:
        raise _problem_redirect(case_id, _problem_text(request, reply))
    raise see_other(f"/work/cases/{case_id}")


async def _confirm_decision(request: web.Request, case_id: str, form, body: dict[str, Any]) -> web.Response:
    lang = "sv" if negotiate(request).code == "sv" else "en"
    case_r, roles_r = await asyncio.gather(
        call(request, "validation", "GET", f"/v1/applications/{case_id}", params={"lang": lang}),
        call(request, "validation", "GET", "/v1/roles"),
    )
    case = expect(request, case_r).body
    roles = expect(request, roles_r).body["data"]
    names = {c["code"]: c for c in decision_courses(case, roles)}
    return render(request, "work/confirm.html", {
        "case": case, "body": body, "version": str(form.get("version", "")), "courses": names,
        "role_titles": role_titles(request, roles),
    })  # fmt: skip


@page
async def certificate(request: web.Request) -> web.StreamResponse:
    """The decided case's certificate, as the applicant gets it (the service audits the disclosure)."""
    require(request, *STAFF)
    case_id = _case_id(request.match_info["id"])
    lang = "sv" if negotiate(request).code == "sv" else "en"
    reply = expect(request, await call(request, "validation", "GET", f"/v1/applications/{case_id}/certificate",
                                       params={"lang": lang}))  # fmt: skip
    return web.Response(body=reply.raw, content_type="application/pdf", headers={
        "Content-Disposition": reply.headers.get("Content-Disposition", 'attachment; filename="intyg.pdf"'),
        "Cache-Control": "private, no-store",
    })  # fmt: skip


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
