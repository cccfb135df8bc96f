"""iCalendar feeds per group, venue and teacher: GET and HEAD, ETag and Last-Modified, refresh hints."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from aiohttp import web

from services.sfi_schedule.admin.common import ADMIN_ROLE
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.feeds.service import FEEDS, Feed, Fresh, feed
from services.sfi_schedule.wire import path_id
from shared.db import DB_POOL
from shared.errors import Forbidden
from shared.etag import not_modified
from shared.identity import identity_of
from shared.openapi import Endpoint

MEDIA = "text/calendar"


def client_copy_is_current(request: web.Request) -> Fresh:
    """RFC 9110 13.2.2 for GET and HEAD: If-None-Match decides when sent, else If-Modified-Since.

    Last-Modified has whole seconds, so the stored time is cut to the second before comparing; a date that
    is not one HTTP-date (unparsable, or several) is ignored.
    """

    def fresh(tag: str, modified: datetime | None) -> bool:
        if "If-None-Match" in request.headers:
            return not_modified(request, tag)
        since = request.if_modified_since
        if since is None or modified is None or len(request.headers.getall("If-Modified-Since")) != 1:
            return False
        return modified.replace(microsecond=0) <= since

    return fresh


def _answer(request: web.Request, result: Feed) -> web.Response:
    minutes = request.app[CONFIG].feed_refresh_minutes
    headers = {"ETag": result.etag, "Cache-Control": f"public, max-age={minutes * 60}"}
    if result.last_modified is not None:
        headers["Last-Modified"] = format_datetime(result.last_modified.replace(microsecond=0), usegmt=True)
    if result.body is None:
        return web.Response(status=304, headers=headers)
    # aiohttp sends no body to HEAD, and keeps the Content-Length of the body GET would send
    return web.Response(body=result.body, headers=headers, content_type=MEDIA, charset="utf-8")


async def _serve(request: web.Request, kind: str) -> web.Response:
    result = await feed(
        request.app[DB_POOL],
        request.app[FEEDS],
        kind=kind,
        of=path_id(request),
        minutes=request.app[CONFIG].feed_refresh_minutes,
        fresh=client_copy_is_current(request),
    )
    return _answer(request, result)


async def group_feed(request: web.Request) -> web.Response:
    """The calendar of one published group."""
    return await _serve(request, "group")


async def venue_feed(request: web.Request) -> web.Response:
    """The calendar of every published group at one venue."""
    return await _serve(request, "venue")


async def teacher_feed(request: web.Request) -> web.Response:
    """A teacher's sessions (substitutions included) without names: for staff and systems only."""
    identity = identity_of(request)
    if not (identity.has_role(ADMIN_ROLE, "teacher") or identity.has_scope("schedule:read")):
        identity.require_role(ADMIN_ROLE, "teacher")
        raise Forbidden("Requires the schedule:read scope")
    return await _serve(request, "teacher")


_T = ("feeds",)
_H = ("If-None-Match", "If-Modified-Since")
_304 = {304: "Not Modified: the copy named by If-None-Match (or, without it, If-Modified-Since) is current"}
_FEEDS = (
    ("/v1/groups/{id}/calendar.ics", group_feed, "a published group", "GroupCalendar", True),
    ("/v1/venues/{id}/calendar.ics", venue_feed, "a venue's published groups", "VenueCalendar", True),
    ("/v1/teachers/{id}/calendar.ics", teacher_feed, "a teacher's sessions", "TeacherCalendar", False),
)
ENDPOINTS = [
    Endpoint(method, path, handler, f"{what} {about}", f"{verb}{name}", tags=_T, public=public, errors=(404,),
             response_media=MEDIA, headers=_H, extra_responses=_304)
    for path, handler, about, name, public in _FEEDS
    for method, verb, what in (("GET", "get", "iCalendar feed of"), ("HEAD", "head", "Headers of the feed of"))
]  # fmt: skip
