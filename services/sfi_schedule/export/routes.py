"""SS 12000-shaped endpoints with ``limit`` + ``pageToken`` paging and modified filters."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from marshmallow import Schema, ValidationError, validate, validates_schema

from services.sfi_schedule.catalog import queries
from services.sfi_schedule.catalog.schemas import MAX_WINDOW_DAYS
from services.sfi_schedule.export.ss12000 import activity, calendar_event, modified_between
from services.sfi_schedule.publications.domain import occurrences_of_doc
from shared import fields
from shared.body import load_query
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request


class _Modified(Schema):
    modifiedAfter = fields.AwareDateTime(data_key="meta.modified.after", attribute="after")
    modifiedBefore = fields.AwareDateTime(data_key="meta.modified.before", attribute="before")
    limit = fields.Integer(validate=validate.Range(1, 500))
    pageToken = fields.String()


class ActivityQuerySchema(_Modified):
    """Activities modified in a span."""


class CalendarEventQuerySchema(_Modified):
    """Calendar events starting in a window (at most 400 days), optionally of one activity."""

    onOrAfter = fields.Date(required=True, data_key="startTime.onOrAfter", attribute="first")
    onOrBefore = fields.Date(required=True, data_key="startTime.onOrBefore", attribute="last")
    activity = fields.UUID()

    @validates_schema
    def _bounded(self, data: dict[str, Any], **_: Any) -> None:
        days = (data["last"] - data["first"]).days
        if not 0 <= days <= MAX_WINDOW_DAYS:
            raise ValidationError(f"must be 0-{MAX_WINDOW_DAYS} days after startTime.onOrAfter", "startTime.onOrBefore")


class Ss12000PageSchema(Schema):
    """An SS 12000 page."""

    data = fields.List(fields.Dict(), required=True)
    pageToken = fields.String(allow_none=True)


async def _live(request: web.Request, q: dict[str, Any]) -> list[Any]:
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.all_published(conn)
    return [r for r in rows if r["deleted_at"] is None and modified_between(r, q.get("after"), q.get("before"))]


async def activities(request: web.Request) -> web.Response:
    """Published groups as Activities, by id."""
    q = load_query(request, ActivityQuerySchema)
    tokens = PageTokens(request.app[INTERNAL_SECRET], "sfi.ss12000.activities")
    page = page_request(request, tokens)
    items = [activity(r) for r in await _live(request, q)]
    items = [a for a in items if page.after is None or a["id"] > page.after[0]][: page.limit + 1]
    items, token, headers = page_of(request, tokens, items, page, key=lambda a: [a["id"]])
    return json_response(request, {"data": list(items), "pageToken": token}, headers=headers)


async def calendar_events(request: web.Request) -> web.Response:
    """Occurrences of published groups as CalendarEvents, by start time then id."""
    q = load_query(request, CalendarEventQuerySchema)
    tokens = PageTokens(request.app[INTERNAL_SECRET], "sfi.ss12000.calendarEvents")
    page = page_request(request, tokens)
    rows = [r for r in await _live(request, q) if q.get("activity") in (None, r["group_id"])]
    events = sorted(
        (calendar_event(r, o) for r in rows for o in occurrences_of_doc(r["doc"], (q["first"], q["last"]))),
        key=lambda e: (e["startTime"], e["id"]),
    )
    if page.after:
        events = [e for e in events if (e["startTime"], e["id"]) > tuple(page.after)]
    events, token, headers = page_of(request, tokens, events[: page.limit + 1], page,
                                     key=lambda e: [e["startTime"], e["id"]])  # fmt: skip
    return json_response(request, {"data": list(events), "pageToken": token}, headers=headers)


_T = ("ss12000",)
ENDPOINTS = [
    Endpoint("GET", "/v1/ss12000/activities", activities, "SS 12000 Activities (VUXSFI)", "listSs12000Activities",
             tags=_T, query=ActivityQuerySchema, response=Ss12000PageSchema, public=True),
    Endpoint("GET", "/v1/ss12000/calendarEvents", calendar_events, "SS 12000 CalendarEvents (VUXSFI)",
             "listSs12000CalendarEvents", tags=_T, query=CalendarEventQuerySchema, response=Ss12000PageSchema,
             public=True),
]  # fmt: skip
