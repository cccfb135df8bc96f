"""HTTP handlers of the role catalogue."""

from __future__ import annotations

from aiohttp import web

from services.validation.catalogue import queries
from services.validation.catalogue.schemas import RoleListSchema, RoleQuerySchema, RoleSchema
from shared.body import load_query
from shared.db import DB_POOL
from shared.etag import json_response
from shared.openapi import Endpoint

_roles = RoleSchema(many=True)


async def list_roles(request: web.Request) -> web.Response:
    """The public role catalogue with requirement profiles."""
    query = load_query(request, RoleQuerySchema)
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.list_roles(conn, on=query.get("validOn"))
    data = _roles.dump([{**r, "profiles": r["profiles"]} for r in rows])
    return json_response(request, {"data": data, "pageToken": None}, headers={"Cache-Control": "public, max-age=300"})


ENDPOINTS = [
    Endpoint(
        "GET",
        "/v1/roles",
        list_roles,
        "List roles and their requirement profiles",
        "listRoles",
        tags=("catalogue",),
        query=RoleQuerySchema,
        response=RoleListSchema,
        public=True,
        errors=(422,),
    ),
]
