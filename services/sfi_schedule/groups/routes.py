"""Admin endpoints for draft groups and their occurrence exceptions (role sfi_admin)."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.sfi_schedule.admin.common import once_of, require_admin, versioned
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.groups import exceptions, service
from services.sfi_schedule.groups.schemas import (
    DraftGroupListSchema,
    DraftGroupSchema,
    ExceptionListSchema,
    ExceptionSchema,
    GroupConflictListSchema,
)
from services.sfi_schedule.wire import PageQuerySchema, list_response, path_id, tokens
from shared.body import load_body, schema_instance
from shared.db import DB_POOL
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request


async def list_groups(request: web.Request) -> web.Response:
    """Draft groups, keyset-paged by id."""
    require_admin(request)
    tokens = PageTokens(request.app[INTERNAL_SECRET], "sfi.admin.groups")
    page = page_request(request, tokens)
    after = UUID(page.after[0]) if page.after else None
    rows = await service.list_groups(request.app[DB_POOL], after=after, limit=page.limit + 1)
    rows, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["id"]])
    return json_response(request, {"data": list(rows), "pageToken": token}, headers=headers)


async def list_conflicts(request: web.Request) -> web.Response:
    """Draft groups that collide with another group now (each re-checked as saving would)."""
    require_admin(request)
    signer = tokens(request, "sfi.admin.conflicts")
    page = await service.list_conflicts(request.app[DB_POOL], page=page_request(request, signer))
    return list_response(request, signer, page)


async def create_group(request: web.Request) -> web.Response:
    """Create a draft group."""
    require_admin(request)
    data = await load_body(request, DraftGroupSchema)
    once = once_of(request, schema_instance(DraftGroupSchema).dump(data))
    status, body = await service.create_group(request.app[DB_POOL], request.app[CONFIG], data, once=once)
    return versioned(request, body, status=status)


async def get_group(request: web.Request) -> web.Response:
    """Read a draft group."""
    require_admin(request)
    return versioned(request, await service.get_group(request.app[DB_POOL], path_id(request)))


async def replace_group(request: web.Request) -> web.Response:
    """Replace a draft group (If-Match)."""
    require_admin(request)
    data = await load_body(request, DraftGroupSchema)
    body = await service.replace_group(
        request.app[DB_POOL], request.app[CONFIG], path_id(request), data, if_match=request.headers.get("If-Match")
    )
    return versioned(request, body)


async def delete_group(request: web.Request) -> web.Response:
    """Delete a draft group (If-Match)."""
    require_admin(request)
    await service.delete_group(request.app[DB_POOL], path_id(request), if_match=request.headers.get("If-Match"))
    return web.Response(status=204)


async def list_exceptions(request: web.Request) -> web.Response:
    """Exceptions of a draft group."""
    require_admin(request)
    group_id = path_id(request)
    signer = tokens(request, f"sfi.admin.exceptions.{group_id}")
    page = await exceptions.list_exceptions(request.app[DB_POOL], group_id, page=page_request(request, signer))
    return list_response(request, signer, page)


async def create_exception(request: web.Request) -> web.Response:
    """Cancel, move or re-staff one occurrence."""
    require_admin(request)
    data = await load_body(request, ExceptionSchema)
    once = once_of(request, exceptions.request_payload(data))
    status, body = await exceptions.create_exception(
        request.app[DB_POOL], request.app[CONFIG], path_id(request), data, once=once
    )
    return versioned(request, body, status=status)


async def replace_exception(request: web.Request) -> web.Response:
    """Replace an exception (If-Match)."""
    require_admin(request)
    data = await load_body(request, ExceptionSchema)
    body = await exceptions.replace_exception(
        request.app[DB_POOL], request.app[CONFIG], path_id(request), path_id(request, "exceptionId"), data,
        if_match=request.headers.get("If-Match"),
    )  # fmt: skip
    return versioned(request, body)


async def delete_exception(request: web.Request) -> web.Response:
    """Remove an exception (If-Match)."""
    require_admin(request)
    await exceptions.delete_exception(
        request.app[DB_POOL],
        path_id(request),
        path_id(request, "exceptionId"),
        if_match=request.headers.get("If-Match"),
    )
    return web.Response(status=204)


_T = ("admin",)
_G = "/v1/admin/groups/{id}"
_E = _G + "/exceptions"
_WRITE_ERRORS = (400, 404, 409, 412, 422, 428)
ENDPOINTS = [
    # Before /{id}, so "conflicts" is never read as a group id.
    Endpoint("GET", "/v1/admin/groups/conflicts", list_conflicts, "Draft groups that collide with another group",
             "listDraftGroupConflicts", tags=_T, query=PageQuerySchema, response=GroupConflictListSchema,
             errors=(400, 422),
             description="Every live draft group re-checked against every other one exactly as saving it would be "
                         "(teacher or room in two overlapping sessions); only colliding groups are listed. "
                         "A group can come to collide after it was saved when a term's study-free days, a venue's "
                         "closures or another group's exceptions change."),
    Endpoint("GET", "/v1/admin/groups", list_groups, "List draft groups", "listDraftGroups", tags=_T,
             response=DraftGroupListSchema),
    Endpoint("POST", "/v1/admin/groups", create_group, "Create a draft group", "createDraftGroup", tags=_T,
             body=DraftGroupSchema, response=DraftGroupSchema, status=201, errors=(400, 409, 422),
             headers=("Idempotency-Key",)),
    Endpoint("GET", _G, get_group, "Read a draft group", "getDraftGroup", tags=_T, response=DraftGroupSchema,
             errors=(404,)),
    Endpoint("PUT", _G, replace_group, "Replace a draft group", "replaceDraftGroup", tags=_T, body=DraftGroupSchema,
             response=DraftGroupSchema, errors=_WRITE_ERRORS, headers=("If-Match",)),
    Endpoint("DELETE", _G, delete_group, "Delete a draft group", "deleteDraftGroup", tags=_T, status=204,
             errors=(404, 412, 428), headers=("If-Match",)),
    Endpoint("GET", _E, list_exceptions, "List a group's occurrence exceptions", "listExceptions", tags=_T,
             query=PageQuerySchema, response=ExceptionListSchema, errors=(400, 404, 422)),
    Endpoint("POST", _E, create_exception, "Cancel, move or re-staff one occurrence", "createException", tags=_T,
             body=ExceptionSchema, response=ExceptionSchema, status=201, errors=(400, 404, 409, 422),
             headers=("Idempotency-Key",)),
    Endpoint("PUT", _E + "/{exceptionId}", replace_exception, "Replace an exception", "replaceException", tags=_T,
             body=ExceptionSchema, response=ExceptionSchema, errors=_WRITE_ERRORS, headers=("If-Match",)),
    Endpoint("DELETE", _E + "/{exceptionId}", delete_exception, "Remove an exception", "deleteException", tags=_T,
             status=204, errors=(404, 409, 412, 428), headers=("If-Match",)),
]  # fmt: skip
