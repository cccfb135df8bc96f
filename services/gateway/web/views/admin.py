"""SFI administrator pages: draft groups, the group form with refusals, publishing, oversight."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from services.gateway.web import group_form as gf
from services.gateway.web.client import Reply, call
from services.gateway.web.i18n import gettext
from services.gateway.web.labels import LABELS
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.cases import _case_id
from services.gateway.web.views.common import PageError, expect, page, require
from services.gateway.web.views.placements import clash_text
from services.gateway.web.views.public import day_names
from shared.clock import clock_of

ADMIN = "sfi_admin"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
REFERENCE = ("venues", "rooms", "teachers", "terms")


async def _list(request: web.Request, path: str) -> list[dict[str, Any]]:
    reply = await call(request, "sfi", "GET", path, params={"limit": "500"})
    return expect(request, reply).body["data"]


@page
async def drafts(request: web.Request) -> web.Response:
    """The draft groups, those colliding with another group marked with what and when, and links to the rest."""
    require(request, ADMIN)
    groups, venues, clashes = await asyncio.gather(
        _list(request, "/v1/admin/groups"),
        _list(request, "/v1/admin/venues"),
        call(request, "sfi", "GET", "/v1/admin/groups/conflicts"),
    )
    checked = clashes.status == 200  # the list still shows when the check cannot be made; the page says so
    found = clashes.body["data"] if checked else []
    names: dict[str, str] = {}
    if found:
        rooms, teachers = await asyncio.gather(_list(request, "/v1/admin/rooms"), _list(request, "/v1/admin/teachers"))
        names = {r["id"]: r["name"] for r in (*rooms, *teachers)}
    return render(request, "admin/drafts.html", {
        "groups": sorted(groups, key=lambda g: g["name"]), "venues": {v["id"]: v for v in venues},
        "saved": request.query.get("saved", ""), "published": request.query.get("published", ""),
        "days": day_names(request), "collisions": collisions(found, names), "checked": checked,
    })  # fmt: skip


def collisions(found: list[dict[str, Any]], names: dict[str, str], most: int = 3) -> dict[str, dict[str, Any]]:
    """Per colliding draft: the first clash with each other group and resource (at most ``most``), and the total."""
    out: dict[str, dict[str, Any]] = {}
    for item in found:
        firsts: dict[tuple[str, str, str], dict[str, Any]] = {}
        for c in item["conflicts"]:
            key = (c["otherGroupId"], c["resource"], c["resourceId"])
            if key not in firsts:
                firsts[key] = {
                    **c, "resourceName": names.get(c["resourceId"], ""),
                    "starts": _hhmm(c["otherStart"]), "ends": _hhmm(c["otherEnd"]),
                }  # fmt: skip
        shown = list(firsts.values())[:most]
        out[item["groupId"]] = {"shown": shown, "count": item.get("conflictCount", len(item["conflicts"]))}
    return out


def double_bookings(conflicts: list[dict[str, Any]], names: dict[str, str], most: int = 10) -> dict[str, Any]:
    """A 409's double bookings: the first date with each other group and room or teacher (named), once each,
    and how many dates collide in all (a weekly series collides every week: one line, not one per week)."""
    firsts: dict[tuple[str, str, str], dict[str, Any]] = {}
    dates: set[tuple[str, str, str, str]] = set()
    for c in sorted(conflicts, key=lambda c: (c.get("date", ""), c.get("otherStart", ""))):
        key = (c.get("otherGroupId", ""), c.get("resource", ""), c.get("resourceId", ""))
        dates.add((*key, c.get("date", "")))
        if key not in firsts:
            firsts[key] = {**c, "resourceName": names.get(c.get("resourceId", ""), ""),
                           "starts": _hhmm(c["otherStart"]), "ends": _hhmm(c["otherEnd"])}  # fmt: skip
    return {"shown": list(firsts.values())[:most], "count": len(dates)}


def _hhmm(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(STOCKHOLM).strftime("%H:%M")


async def _form(
    request: web.Request, group: dict[str, Any], *, group_id: str = "", version: Any = "",
    errors: dict[str, str] | None = None, conflict: dict | None = None, status: int = 200,
) -> web.Response:  # fmt: skip
    venues, rooms, teachers, terms = await asyncio.gather(*(_list(request, f"/v1/admin/{k}") for k in REFERENCE))
    marked = gf.conflict_fields(conflict.get("conflicts", [])) if conflict else set()
    clashes = None
    if conflict is not None:  # said in the page's language: each other group, resource and date once, named
        names = {r["id"]: r["name"] for r in (*rooms, *teachers)}
        clashes = double_bookings(conflict.get("conflicts") or [], names)
    return render(request, "admin/group_form.html", {
        "g": group, "group_id": group_id, "version": version, "errors": errors or {}, "conflict": conflict,
        "clashes": clashes,
        "marked": marked, "venues": venues, "rooms": rooms, "teachers": teachers, "terms": terms,
        "days": day_names(request), "slot_rows": range(gf.SLOT_ROWS),
    }, status=status)  # fmt: skip


@page
async def new_group(request: web.Request) -> web.Response:
    """An empty group form."""
    require(request, ADMIN)
    return await _form(request, {"slots": [], "variant": "standard", "capacity": 20, "path": 1, "course": "A"})


@page
async def edit_group(request: web.Request) -> web.Response:
    """The form for an existing draft group."""
    require(request, ADMIN)
    group_id = _case_id(request.match_info["id"])
    group = expect(request, await call(request, "sfi", "GET", f"/v1/admin/groups/{group_id}")).body
    return await _form(request, group, group_id=group_id, version=group.get("version", ""))


@page
async def save_group(request: web.Request) -> web.Response:
    """Create or replace a draft group; refusals come back next to the fields they concern."""
    require(request, ADMIN)
    form = await check_csrf(request)
    group_id = request.match_info.get("id", "")
    body = gf.read_group(form)
    if group_id:
        group_id = _case_id(group_id)
        reply = await call(request, "sfi", "PUT", f"/v1/admin/groups/{group_id}", json_body=body,
                           headers={"If-Match": f'"v{form.get("version", "")}"'})  # fmt: skip
    else:
        key = str(form.get("idempotency", ""))
        headers = {"Idempotency-Key": key} if key else {}
        reply = await call(request, "sfi", "POST", "/v1/admin/groups", json_body=body, headers=headers)
    if reply.ok:
        raise see_other(f"/admin/sfi?saved={reply.body['id']}")
    return await _refused(request, reply, body, group_id, form.get("version", ""))


async def _refused(request: web.Request, reply: Reply, body: dict, group_id: str, version: Any) -> web.Response:
    if reply.status == 422:
        return await _form(request, body, group_id=group_id, version=version,
                           errors=gf.field_errors(reply.field_errors()), status=422)  # fmt: skip
    if reply.status == 409:
        return await _form(request, body, group_id=group_id, version=version, conflict=reply.body, status=409)
    if reply.status == 412:
        errors = {"name": gettext(request, "Someone else changed the group meanwhile. Reload it and try again.")}
        return await _form(request, body, group_id=group_id, version=version, errors=errors, status=412)
    expect(request, reply, 200, 201)
    raise AssertionError("unreachable")


@page
async def publications(request: web.Request) -> web.Response:
    """Publish now or at a time; the history with diffs."""
    require(request, ADMIN)
    return await _publications_page(request, problem=request.query.get("problem", ""))


# A refused time is said next to the field (``publishAt``); the other problems at the top of the page.
TIME_PROBLEMS = ("empty", "publishAt", "past", "range")


async def _publications_page(
    request: web.Request, *, problem: str, form: Any = None, status: int = 200
) -> web.Response:
    items = await _list(request, "/v1/publications")
    for item in items:  # when it happened or will happen, in Swedish time as the form asks for it
        at = item.get("publishedAt") or item.get("publishAt")
        item["localTime"] = datetime.fromisoformat(at).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M") if at else ""
    typed = {k: str(form.get(k, "")) for k in ("when", "publishAt", "note")} if form is not None else {}
    return render(request, "admin/publications.html", {
        "items": items, "problem": problem, "cancelled": request.query.get("cancelled", ""),
        "time_problem": problem if problem in TIME_PROBLEMS else "", "typed": typed,
    }, status=status)  # fmt: skip


def scheduled_at(when: str, *, now: datetime) -> tuple[str | None, str]:
    """The typed Swedish time as an ISO instant, or the page's problem: ``empty``, ``publishAt`` (unreadable),
    ``past`` or ``range`` (more than a year ahead). The service checks the same, and has the last word."""
    if not when:
        return None, "empty"
    try:
        at = datetime.fromisoformat(when).replace(tzinfo=STOCKHOLM)
    except ValueError:
        return None, "publishAt"
    if at <= now:
        return None, "past"
    if at > now + timedelta(days=365):
        return None, "range"
    return at.isoformat(), ""


@page
async def publish(request: web.Request) -> web.Response:
    """Request a publication of the draft now, or at a local Stockholm time still ahead (never "now" by omission)."""
    require(request, ADMIN)
    form = await check_csrf(request)
    body: dict[str, Any] = {"note": str(form.get("note", ""))[:500]}
    if form.get("when") == "later":
        at, problem = scheduled_at(str(form.get("publishAt", "")).strip(), now=clock_of(request).now())
        if at is None:  # refused in the form, with what was typed kept; nothing is published
            return await _publications_page(request, problem=problem, form=form, status=422)
        body["publishAt"] = at
    else:
        body["publishNow"] = True
    reply = await call(request, "sfi", "POST", "/v1/publications", json_body=body,
                       headers={"Idempotency-Key": str(form.get("idempotency", ""))})  # fmt: skip
    if reply.status == 422:  # the time passed, or went beyond a year, between the page's check and the service's
        return await _publications_page(request, problem="past", form=form, status=422)
    if reply.status == 409 and isinstance(reply.body, dict) and reply.body.get("code") == "nothing-to-publish":
        raise see_other("/admin/sfi/publications?problem=nothing")
    if reply.status == 409 and clash_text(request, reply.body):  # a change colliding with an agreed placement
        raise PageError(409, clash_text(request, reply.body))
    expect(request, reply, 200, 201, 202)
    raise see_other("/admin/sfi/publications")


@page
async def cancel_publication(request: web.Request) -> web.Response:
    """Cancel a publication scheduled for later; one that has happened (or was cancelled) stays as it is."""
    require(request, ADMIN)
    await check_csrf(request)
    publication = _case_id(request.match_info["id"])
    reply = await call(request, "sfi", "POST", f"/v1/publications/{publication}/cancel")
    if reply.status == 409:
        raise see_other("/admin/sfi/publications?problem=cancel")
    expect(request, reply, 200)
    raise see_other("/admin/sfi/publications?cancelled=1")


@page
async def oversight(request: web.Request) -> web.Response:
    """Wait-lists of a chosen group, learners at risk of the 3-month guarantee, supply against demand."""
    require(request, ADMIN)
    groups, risk, supply = await asyncio.gather(
        _list(request, "/v1/admin/groups"),
        call(request, "sfi", "GET", "/v1/admin/at-risk", params={"limit": "500"}),
        call(request, "sfi", "GET", "/v1/admin/supply-demand", params={"limit": "500"}),
    )
    chosen = request.query.get("group", "")
    waitlist = []
    if chosen:
        waitlist = expect(
            request,
            await call(request, "sfi", "GET", f"/v1/admin/groups/{_case_id(chosen)}/waitlist", params={"limit": "500"}),
        ).body["data"]
    rows = expect(request, supply).body["data"] if supply.status == 200 else []
    return render(request, "admin/oversight.html", {
        "groups": sorted(groups, key=lambda g: g["name"]), "chosen": chosen, "waitlist": waitlist,
        "risk": expect(request, risk).body,
        "chart": supply_chart(rows, name=lambda kind, code: _name(request, kind, code)),
    })  # fmt: skip


def _name(request: web.Request, kind: str, code: Any) -> str:
    """The display name of a code the service sends (a daypart, a kind of venue), in the page's language."""
    known = LABELS[kind].get(str(code))
    return gettext(request, known) if known else str(code or "–")


def supply_chart(rows: list[dict[str, Any]], width: int = 760, bar: int = 22, *,
                 name: Callable[[str, Any], str] = lambda kind, code: str(code)) -> dict[str, Any]:  # fmt: skip
    """Bars of waiting learners against free seats per course × daypart × venue kind × district (largest gap first).

    ``name(kind, code)`` says a daypart or a kind of venue as a word in the page's language, never the code."""
    rows = sorted(rows, key=lambda r: (-r.get("shortfall", 0), -r.get("waiting", 0)))[:15]
    top = max([max(r.get("waiting", 0), r.get("freeSeats", 0)) for r in rows] or [1]) or 1
    label_w, scale = 300, (width - 300 - 40) / top
    bars = []
    for i, r in enumerate(rows):
        y = 10 + i * (2 * bar + 10)
        label = (
            f"{r.get('course')} · {name('daypart', r.get('daypart')).lower()} · "
            f"{name('venue', r.get('venueKind'))} · {r.get('district') or '–'}"
        )
        bars.append({"y": y, "label": label, "waiting": r.get("waiting", 0), "free": r.get("freeSeats", 0),
                     "w_wait": r.get("waiting", 0) * scale, "w_free": r.get("freeSeats", 0) * scale})  # fmt: skip
    return {"bars": bars, "width": width, "height": 20 + len(bars) * (2 * bar + 10), "bar": bar, "x0": label_w}


LEARNER_FILTERS = {"course": "course", "path": "path", "since": "waitingSince"}
YES_NO = {"yes": "true", "no": "false"}


def learner_query(q: Any) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The learner list's form fields → the service's filters, and the values to show back in the form."""
    chosen = {k: str(q.get(k, "")).strip()[:20] for k in ("course", "path", "since", "risk", "placement")}
    params = [("limit", "200")]
    params += [(LEARNER_FILTERS[k], chosen[k]) for k in LEARNER_FILTERS if chosen[k]]
    if chosen["risk"] in YES_NO:
        params.append(("atRisk", YES_NO[chosen["risk"]]))
    if chosen["placement"] in YES_NO:
        params.append(("placement", YES_NO[chosen["placement"]]))
    return params, chosen


@page
async def learners(request: web.Request) -> web.Response:
    """The learners, filtered by course, study path, waiting since, at risk and placement by mapping."""
    require(request, ADMIN)
    params, chosen = learner_query(request.query)
    reply = await call(request, "sfi", "GET", "/v1/admin/learners", params=params)
    errors: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    if reply.status == 422:  # a filter the service refuses (a date that is no date): said next to its field
        fields = {"/course": "course", "/path": "path", "/waitingSince": "since", "/atRisk": "risk",
                  "/placement": "placement"}  # fmt: skip
        for pointer in reply.field_errors():
            key = fields.get(pointer, "since")
            errors[key] = gettext(request, "Choose a value from the list, or a date as YYYY-MM-DD.")
    else:
        rows = expect(request, reply).body["data"]
    return render(request, "admin/learners.html", {"rows": rows, "chosen": chosen, "errors": errors},
                  status=422 if errors else 200)  # fmt: skip
