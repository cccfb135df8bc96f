"""Public reads of the published schedule (anonymous callers, systems and people alike)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.sfi_schedule.catalog import service
from services.sfi_schedule.catalog.cache import CATALOG_CACHE, Answer, cache_key
from services.sfi_schedule.catalog.queries import GroupFilter
from services.sfi_schedule.catalog.schemas import (
    GroupQuerySchema,
    OccurrenceListSchema,
    PublishedGroupListSchema,
    PublishedGroupSchema,
    WindowQuerySchema,
)
from services.sfi_schedule.publications.domain import public_group
from services.sfi_schedule.rules.messages import language_of
from services.sfi_schedule.wire import list_response, path_id, spoken, tokens
from shared.body import load_query
from shared.db import DB_POOL
from shared.etag import dumps, etag_of, json_response, not_modified
from shared.identity import INTERNAL_SECRET
from shared.openapi import Endpoint
from shared.pagination import PageTokens, next_page, page_request

CACHE = {"Cache-Control": "public, max-age=60"}


def published_json(row: Any) -> dict[str, Any]:
    """A published group, or its tombstone."""
    meta = {"revision": row["revision"], "publishedVersion": row["publication_version"],
            "modifiedAt": row["modified_at"].isoformat()}  # fmt: skip
    if row["deleted_at"] is not None:
        return {"id": str(row["group_id"]), "deleted": True, "deletedAt": row["deleted_at"].isoformat(), **meta}
    return {**public_group(row["doc"]), "deleted": False, "freeSeats": row["free_seats"], **meta}


def _filter(q: dict[str, Any]) -> GroupFilter:
    return GroupFilter(
        courses=q.get("course"), paths=q.get("path"), dayparts=q.get("daypart"), venue_kinds=q.get("venueKind"),
        district=q.get("district"), weekdays=q.get("weekday"), child_present=q.get("childPresent"),
        has_free_seats=q.get("hasFreeSeats"), words=q["q"].split() if q.get("q") else None,
        variants=q.get("variant"), venue_id=q.get("venueId"), modified_after=q.get("modifiedAfter"),
    )  # fmt: skip


async def list_groups(request: web.Request) -> web.Response:
    """Published groups, filtered; with modifiedAfter a change feed with tombstones."""
    cache = request.app[CATALOG_CACHE]
    key = cache_key(request)
    answer = cache.get(key)
    if answer is None:
        ticket = cache.ticket()  # before the query: a change committed meanwhile keeps the answer out of the cache
        answer = await _build_list(request)
        cache.put(key, ticket, answer)
    if not_modified(request, answer.etag):
        return web.Response(status=304, headers=answer.headers)
    return web.Response(body=answer.body, content_type="application/json", headers=answer.headers)


async def _build_list(request: web.Request) -> Answer:
    """The list answer from the database; it depends only on the query string and the data, never on the caller."""
    q = load_query(request, GroupQuerySchema)
    f = _filter(q)
    tokens = PageTokens(request.app[INTERNAL_SECRET], "sfi.groups")
    page = page_request(request, tokens)
    found = await service.group_page(request.app[DB_POOL], f=f, after=page.after, limit=page.limit)
    token, headers = next_page(request, tokens, found.last) if found.last else (None, {})
    # The items are JSON already, built and joined by PostgreSQL; only the envelope is written here.
    body = b"".join((b'{"data":[', found.items, b'],"pageToken":', dumps(token), b"}"))
    tag = etag_of(body)
    return Answer(body, tag, {**CACHE, **headers, "ETag": tag})


async def get_group(request: web.Request) -> web.Response:
    """One published group."""
    row = await service.published_group(request.app[DB_POOL], group_id=path_id(request))
    lang = language_of(request.headers.get("Accept-Language"))
    body = {**published_json(row), **service.group_names(row["doc"], lang)}
    return json_response(request, body, headers={**CACHE, **spoken(lang)})


async def list_occurrences(request: web.Request) -> web.Response:
    """Dated sessions of a published group in a window of at most 400 days, by start."""
    window = load_query(request, WindowQuerySchema)
    group_id = path_id(request)
    signer = tokens(request, f"sfi.occurrences.{group_id}")
    lang = language_of(request.headers.get("Accept-Language"))
    page = await service.occurrences(
        request.app[DB_POOL], group_id=group_id, first=window["from_"], last=window["to"],
        page=page_request(request, signer), lang=lang,
    )  # fmt: skip
    return list_response(request, signer, page, headers={**CACHE, **spoken(lang)})


_T = ("groups",)
ENDPOINTS = [
    Endpoint("GET", "/v1/groups", list_groups, "List published groups", "listGroups", tags=_T,
             query=GroupQuerySchema, response=PublishedGroupListSchema, public=True, headers=("If-None-Match",)),
    Endpoint("GET", "/v1/groups/{id}", get_group, "Read a published group", "getGroup", tags=_T,
             response=PublishedGroupSchema, public=True, errors=(404,), headers=("If-None-Match",)),
    Endpoint("GET", "/v1/groups/{id}/occurrences", list_occurrences, "Dated sessions of a published group",
             "listGroupOccurrences", tags=_T, query=WindowQuerySchema, response=OccurrenceListSchema, public=True,
             errors=(400, 404, 422)),
]  # fmt: skip
