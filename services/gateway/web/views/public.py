"""Public pages: the landing page, the SFI finder, a group's page, the language switch."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote_plus

from aiohttp import web
from babel.dates import format_date, get_day_names

from services.gateway.web.calendar import skipped_sessions
from services.gateway.web.client import call
from services.gateway.web.config import LANG_COOKIE, WEB_CONFIG
from services.gateway.web.i18n import BY_CODE, negotiate
from services.gateway.web.labels import VENUE_KINDS
from services.gateway.web.render import render, safe_next
from services.gateway.web.session import page_identity
from services.gateway.web.views.common import expect, page
from shared.clock import clock_of

WEEKS_SHOWN = 8
FILTER_KEYS = ("course", "path", "daypart", "district", "weekday", "venueKind", "child", "free", "q")


@page
async def landing(request: web.Request) -> web.Response:
    """What Lotsen is and the one way in."""
    return render(request, "landing.html")


async def switch_language(request: web.Request) -> web.Response:
    """Remember the chosen language and go back to the page the visitor was on."""
    code = request.match_info["code"]
    response = web.HTTPSeeOther(location=safe_next(request.query.get("next")))
    if code in BY_CODE:
        secure = request.app[WEB_CONFIG].secure_cookies
        response.set_cookie(LANG_COOKIE, code, path="/", max_age=365 * 86400, samesite="Lax", secure=secure,
                            httponly=True)  # fmt: skip
    raise response


def day_names(request: web.Request) -> dict[int, str]:
    """Weekday names 1 = Monday … 7 = Sunday in the page language (from CLDR, not the catalogue)."""
    names = get_day_names("wide", locale=negotiate(request).code)
    return {i + 1: names[i] for i in range(7)}


def group_query(q: Any) -> list[tuple[str, str]]:
    """The finder's form fields → the published-groups API filters."""
    params: list[tuple[str, str]] = [("limit", "200")]
    for key in ("course", "path", "daypart", "weekday", "venueKind"):
        params += [(key, v) for v in q.getall(key, []) if v]
    if q.get("district"):
        params.append(("district", q["district"]))
    if q.get("child") == "yes":
        params.append(("childPresent", "true"))
    elif q.get("child") == "no":
        params.append(("childPresent", "false"))
    if q.get("free") == "1":
        params.append(("hasFreeSeats", "true"))
    if q.get("q"):
        params.append(("q", q["q"][:100]))
    return params


@page
async def finder(request: web.Request) -> web.Response:
    """The SFI finder: filters on the left, matching published groups with seats left or a wait."""
    q = request.query
    searched = any(k in q for k in FILTER_KEYS)
    everything, found = await asyncio.gather(
        call(request, "sfi", "GET", "/v1/groups", params={"limit": "500"}),
        call(request, "sfi", "GET", "/v1/groups", params=group_query(q)),
    )
    expect(request, everything)
    if found.status == 422:
        groups, errors = [], found.field_errors()
    else:
        groups, errors = expect(request, found).body["data"], {}
    districts = sorted({(g.get("venue") or {}).get("district") or "" for g in everything.body["data"]} - {""})
    chosen = {k: q.getall(k, []) for k in ("course", "path", "daypart", "weekday")}
    return render(request, "sfi/finder.html", {
        "groups": [g for g in groups if not g.get("deleted")], "districts": districts, "q": q, "chosen": chosen,
        "searched": searched, "errors": errors, "days": day_names(request), "venue_kinds": VENUE_KINDS,
    })  # fmt: skip


@page
async def group_page(request: web.Request) -> web.Response:
    """One group: where and when, seats, the next sessions with skipped holidays, the calendar feed, and for a
    signed-in learner whether they may enrol, and if not why (before anything is pressed)."""
    group_id = request.match_info["id"]
    today = clock_of(request).today()  # Swedish date: the container's is UTC
    last = today + timedelta(weeks=WEEKS_SHOWN)
    window = {"from": today.isoformat(), "to": last.isoformat(), "limit": "500"}  # every session of the weeks shown
    lang = negotiate(request).code
    spoken = {"Accept-Language": lang}  # course, support languages and days off named in the page's language
    group_reply, occ_reply, verdict = await asyncio.gather(
        call(request, "sfi", "GET", f"/v1/groups/{group_id}", headers=spoken),
        call(request, "sfi", "GET", f"/v1/groups/{group_id}/occurrences", params=window, headers=spoken),
        eligibility(request, group_id),
    )
    group = expect(request, group_reply).body
    timeline = expect(request, occ_reply).body if occ_reply.status == 200 else {}
    return render(request, "sfi/group.html", {
        "group": group, "sessions": sessions_of(group, timeline, today, last), "days": day_names(request),
        "fmt_date": lambda d: format_date(d, "full", locale=lang),
        "ics": f"/api/sfi/v1/groups/{group_id}/calendar.ics",
        "webcal": f"webcal://{request.host}/api/sfi/v1/groups/{group_id}/calendar.ics",
        "enrolled": request.query.get("enrolled"), "refused": request.query.get("refused"),
        "verdict": verdict, "map": map_link(group.get("venue") or {}),
    }, private=verdict is not None)  # fmt: skip


@page
async def group_print(request: web.Request) -> web.Response:
    """A group's schedule for its whole term, on paper: every session, the days without one and why, the venue."""
    group_id = request.match_info["id"]
    lang = negotiate(request).code
    spoken = {"Accept-Language": lang}
    group = expect(request, await call(request, "sfi", "GET", f"/v1/groups/{group_id}", headers=spoken)).body
    first, last = date.fromisoformat(group["startDate"]), date.fromisoformat(group["endDate"])
    window = {"from": first.isoformat(), "to": last.isoformat(), "limit": "500"}  # a term has fewer sessions
    timeline = expect(request, await call(request, "sfi", "GET", f"/v1/groups/{group_id}/occurrences",
                                          params=window, headers=spoken)).body  # fmt: skip
    return render(request, "sfi/group_print.html", {
        "group": group, "sessions": sessions_of(group, timeline, first, last), "days": day_names(request),
        "fmt_date": lambda d: format_date(d, "medium", locale=lang), "map": map_link(group.get("venue") or {}),
    })  # fmt: skip


def sessions_of(group: dict, timeline: dict, first: date, last: date) -> list[dict[str, Any]]:
    """The sessions held and the pattern days skipped (holidays, study-free days, named as the service names them
    in the page's language) in ``first..last``, by date; ``timeline`` is the occurrences answer."""
    occurrences = timeline.get("data") or []
    days_off = {date.fromisoformat(d["date"]): d["name"] for d in timeline.get("daysOff") or []}
    return sorted(
        [{"kind": "session", "date": date.fromisoformat(o["date"]), "start": _hm(o["start"]), "end": _hm(o["end"]),
          "status": o["status"]} for o in occurrences]
        + [{"kind": "skipped", **s} for s in skipped_sessions(group, occurrences, first, last, days_off)],
        key=lambda s: (s["date"], s.get("start", "")),
    )  # fmt: skip


def map_link(venue: dict[str, Any]) -> str | None:
    """An OpenStreetMap link to the venue: its point when the coordinates are known, else a search for the address.

    A link, never embedded tiles: nothing is loaded from the map's servers until the visitor follows it.
    """
    lat, lon = venue.get("latitude"), venue.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
    address = " ".join(str(venue.get(k) or "") for k in ("street", "postalCode", "city")).strip()
    return f"https://www.openstreetmap.org/search?query={quote_plus(address)}" if address else None


async def eligibility(request: web.Request, group_id: str) -> dict[str, Any] | None:
    """For a signed-in learner: may they enrol in the group, and the reasons if not, in the page's language.

    The schedule service answers with the very checks of an enrolment (``GET /v1/groups/{id}/eligibility``);
    None for everyone else, or when the answer cannot be had (the service has the last word on enrolling).
    """
    if not page_identity(request).has_role("resident"):
        return None
    reply = await call(request, "sfi", "GET", f"/v1/groups/{group_id}/eligibility",
                       headers={"Accept-Language": negotiate(request).code})  # fmt: skip
    return reply.body if reply.status == 200 and isinstance(reply.body, dict) else None


def _hm(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M")
