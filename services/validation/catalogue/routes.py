"""HTTP handlers of the role catalogue."""

from __future__ import annotations

from aiohttp import web

from services.validation.catalogue import queries
from services.validation.catalogue.schemas import RoleListSchema, RoleQuerySchema, RoleSchema
from services.validation.messages import language, role_title
from shared.body import load_query
from shared.db import DB_POOL
from shared.etag import json_response
from shared.openapi import Endpoint

_roles = RoleSchema(many=True)


async def list_roles(request: web.Request) -> web.Response:
    """The public role catalogue with requirement profiles."""
    query = load_query(request, RoleQuerySchema)
    lang = language(query.get("lang"), request.headers.get("Accept-Language"))
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.list_roles(conn, on=query.get("validOn"))
    data = _roles.dump(
        [{**r, "profiles": r["profiles"], "title": role_title(r["code"], lang, r["title_en"])} for r in rows]
    )
    headers = {"Cache-Control": "public, max-age=300", "Content-Language": lang, "Vary": "Accept-Language"}
    return json_response(request, {"data": data, "pageToken": None}, headers=headers)


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
