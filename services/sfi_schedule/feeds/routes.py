"""iCalendar feeds per group, venue and teacher, with ETag, Last-Modified and refresh hints."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from typing import Any

from aiohttp import web

from services.sfi_schedule.admin.common import ADMIN_ROLE, found
from services.sfi_schedule.catalog import queries
from services.sfi_schedule.catalog.queries import GroupFilter
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.feeds.ics import finish, group_events, new_calendar, occurrence_events
from services.sfi_schedule.publications.domain import occurrences_of_doc
from services.sfi_schedule.wire import path_id
from shared.db import DB_POOL
from shared.errors import Forbidden
from shared.etag import etag_of, not_modified
from shared.identity import identity_of
from shared.openapi import Endpoint

MEDIA = "text/calendar"


def _respond(request: web.Request, body: bytes, modified: datetime | None) -> web.Response:
    tag = etag_of(body)
    minutes = request.app[CONFIG].feed_refresh_minutes
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={minutes * 60}"}
    if modified is not None:
        headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    if not_modified(request, tag):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, headers=headers, content_type=MEDIA, charset="utf-8")


def _venue_tag(request: web.Request, venue_id: Any, versions: list[Any]) -> str:
    """The venue feed's ETag from what it is made of (groups and their revisions), known before building it.

    A feed is a pure function of its groups' published documents (each change raises the revision) and the
    refresh setting, so a client's copy can be confirmed (304) without generating a year of events.
    """
    parts = [str(venue_id), str(request.app[CONFIG].feed_refresh_minutes)]
    parts += [f"{r['group_id']}:{r['revision']}:{r['publication_version']}" for r in versions]
    return etag_of("|".join(parts).encode())


# Generated venue feeds by ETag (a few venues, each changing only when a publication touches it).
VENUE_FEEDS = web.AppKey("venue_feeds", dict)
_VENUE_FEED_SLOTS = 64


def _calendar(rows: list[Any], name: str, request: web.Request) -> bytes:
    cal = new_calendar(name, request.app[CONFIG].feed_refresh_minutes)
    for row in rows:
        for event in group_events(row["doc"], stamp=row["modified_at"], sequence=row["revision"]):
            cal.add_component(event)
    return finish(cal)


def _latest(rows: list[Any]) -> datetime | None:
    return max((r["modified_at"] for r in rows), default=None)


async def group_feed(request: web.Request) -> web.Response:
    """The calendar of one published group."""
    async with request.app[DB_POOL].acquire() as conn:
        row = found(await queries.get_published(conn, group_id=path_id(request)), "published group")
    return _respond(request, _calendar([row], f"SFI: {row['doc']['name']}", request), row["modified_at"])


async def venue_feed(request: web.Request) -> web.Response:
    """The calendar of every published group at one venue (304 and repeats answered without rebuilding it)."""
    venue_id = path_id(request)
    async with request.app[DB_POOL].acquire() as conn:
        versions = await queries.venue_feed_versions(conn, venue_id=venue_id)
        if not versions:
            found(None, "venue with published groups")
        tag = _venue_tag(request, venue_id, versions)
        minutes = request.app[CONFIG].feed_refresh_minutes
        headers = {"ETag": tag, "Cache-Control": f"public, max-age={minutes * 60}",
                   "Last-Modified": format_datetime(_latest(versions), usegmt=True)}  # fmt: skip
        if not_modified(request, tag):
            return web.Response(status=304, headers=headers)
        cache = request.app[VENUE_FEEDS]
        body = cache.get(tag)
        if body is None:
            rows = await queries.find_groups(conn, f=GroupFilter(venue_id=venue_id), after=None, limit=1000)
            body = _calendar(list(rows), f"SFI på {rows[0]['doc']['venue']['name']}", request)
            if len(cache) >= _VENUE_FEED_SLOTS:
                cache.pop(next(iter(cache)))
            cache[tag] = body
    return web.Response(body=body, headers=headers, content_type=MEDIA, charset="utf-8")


async def teacher_feed(request: web.Request) -> web.Response:
    """A teacher's sessions (substitutions included) without names: for staff and systems only."""
    identity = identity_of(request)
    if not (identity.has_role(ADMIN_ROLE, "teacher") or identity.has_scope("schedule:read")):
        identity.require_role(ADMIN_ROLE, "teacher")
        raise Forbidden("Requires the schedule:read scope")
    teacher_id = path_id(request)
    async with request.app[DB_POOL].acquire() as conn:
        rows = [r for r in await queries.all_published(conn) if r["deleted_at"] is None]
    cal = new_calendar("SFI: lärarschema", request.app[CONFIG].feed_refresh_minutes)
    used = []
    for row in rows:
        mine = [o for o in occurrences_of_doc(row["doc"]) if teacher_id in o.teacher_ids]
        if mine:
            used.append(row)
            for event in occurrence_events(row["doc"], mine, stamp=row["modified_at"], sequence=row["revision"]):
                cal.add_component(event)
    return _respond(request, finish(cal), _latest(used))


_T = ("feeds",)
_H = ("If-None-Match",)
ENDPOINTS = [
    Endpoint("GET", "/v1/groups/{id}/calendar.ics", group_feed, "iCalendar feed of a published group",
             "getGroupCalendar", tags=_T, public=True, errors=(404,), response_media=MEDIA, headers=_H),
    Endpoint("GET", "/v1/venues/{id}/calendar.ics", venue_feed, "iCalendar feed of a venue's published groups",
             "getVenueCalendar", tags=_T, public=True, errors=(404,), response_media=MEDIA, headers=_H),
    Endpoint("GET", "/v1/teachers/{id}/calendar.ics", teacher_feed, "iCalendar feed of a teacher's sessions",
             "getTeacherCalendar", tags=_T, errors=(404,), response_media=MEDIA, headers=_H),
]  # fmt: skip
