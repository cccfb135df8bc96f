"""Admin endpoints for providers, venues, rooms, teachers and terms (role sfi_admin)."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.sfi_schedule.admin import queries, schemas, service
from services.sfi_schedule.admin.common import once_of, require_admin, versioned
from services.sfi_schedule.admin.service import Kind
from services.sfi_schedule.wire import path_id
from shared.body import load_body, schema_instance
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request

KINDS = (
    Kind("provider", schemas.ProviderSchema, queries.insert_provider, queries.update_provider),
    Kind("venue", schemas.VenueSchema, queries.insert_venue, queries.update_venue,
         (("provider_id", "provider", "/providerId"),)),
    Kind("room", schemas.RoomSchema, queries.insert_room, queries.update_room, (("venue_id", "venue", "/venueId"),)),
    Kind("teacher", schemas.TeacherSchema, queries.insert_teacher, queries.update_teacher,
         (("provider_id", "provider", "/providerId"),)),
    Kind("term", schemas.TermSchema, queries.insert_term, queries.update_term),
)  # fmt: skip
LISTS = {
    "provider": schemas.ProviderListSchema,
    "venue": schemas.VenueListSchema,
    "room": schemas.RoomListSchema,
    "teacher": schemas.TeacherListSchema,
    "term": schemas.TermListSchema,
}


def _handlers(kind: Kind):
    async def list_(request: web.Request) -> web.Response:
        require_admin(request)
        tokens = PageTokens(request.app[INTERNAL_SECRET], f"sfi.admin.{kind.name}")
        page = page_request(request, tokens)
        after = UUID(page.after[0]) if page.after else None
        rows = await service.list_page(request.app[DB_POOL], kind, after=after, limit=page.limit + 1)
        rows, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["id"]])
        return json_response(request, {"data": list(rows), "pageToken": token}, headers=headers)

    async def create(request: web.Request) -> web.Response:
        require_admin(request)
        data = await load_body(request, kind.schema)
        once = once_of(request, schema_instance(kind.schema).dump(data))
        status, body = await service.create(request.app[DB_POOL], kind, data, once=once)
        return versioned(request, body, status=status)

    async def get(request: web.Request) -> web.Response:
        require_admin(request)
        return versioned(request, await service.get_one(request.app[DB_POOL], kind, id=path_id(request)))

    async def replace(request: web.Request) -> web.Response:
        require_admin(request)
        data = await load_body(request, kind.schema)
        body = await service.replace(
            request.app[DB_POOL], kind, id=path_id(request), data=data, if_match=request.headers.get("If-Match")
        )
        return versioned(request, body)

    async def delete(request: web.Request) -> web.Response:
        require_admin(request)
        await service.delete(request.app[DB_POOL], kind, id=path_id(request), if_match=request.headers.get("If-Match"))
        return web.Response(status=204)

    return list_, create, get, replace, delete


def _endpoints(kind: Kind) -> list[Endpoint]:
    list_, create, get, replace, delete = _handlers(kind)
    plural, title = f"/v1/admin/{kind.name}s", kind.name.capitalize()
    one, tag = plural + "/{id}", ("admin",)
    return [
        Endpoint("GET", plural, list_, f"List {kind.name}s", f"list{title}s", tags=tag, response=LISTS[kind.name]),
        Endpoint("POST", plural, create, f"Create a {kind.name}", f"create{title}", tags=tag, body=kind.schema,
                 response=kind.schema, status=201, headers=("Idempotency-Key",)),
        Endpoint("GET", one, get, f"Read a {kind.name}", f"get{title}", tags=tag, response=kind.schema,
                 errors=(404,)),
        Endpoint("PUT", one, replace, f"Replace a {kind.name}", f"replace{title}", tags=tag, body=kind.schema,
                 response=kind.schema, errors=(400, 404, 412, 422, 428), headers=("If-Match",)),
        Endpoint("DELETE", one, delete, f"Delete a {kind.name}", f"delete{title}", tags=tag, status=204,
                 errors=(404, 409, 412, 428), headers=("If-Match",)),
    ]  # fmt: skip


ENDPOINTS = [ep for kind in KINDS for ep in _endpoints(kind)]
