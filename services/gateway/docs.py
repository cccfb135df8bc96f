"""The merged API document and the page that renders it from local assets (no CDN)."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp import web

from services.gateway.apidoc import DOC_CACHE
from services.gateway.proxy import UPSTREAM_POOLS
from shared.identity import INTERNAL_SECRET
from shared.openapi import Endpoint

STATIC = Path(__file__).parent / "static"
_ASSETS = {"docs.js": "text/javascript", "docs.css": "text/css"}
_PAGE_CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


async def merged_openapi(request: web.Request) -> web.Response:
    """The merged OpenAPI 3.1 document of all three parts (cached; rebuilt sooner while a part is missing)."""
    doc = await request.app[DOC_CACHE].get(request.app[UPSTREAM_POOLS], request.app[INTERNAL_SECRET])
    return web.json_response(
        doc, dumps=lambda d: json.dumps(d, ensure_ascii=False), headers={"Cache-Control": "public, max-age=60"}
    )


async def docs_page(request: web.Request) -> web.Response:
    """A readable page for the API document, rendered in the browser by a small local script."""
    return web.Response(
        body=(STATIC / "docs.html").read_bytes(),
        content_type="text/html",
        charset="utf-8",
        headers={"Content-Security-Policy": _PAGE_CSP},
    )


async def docs_asset(request: web.Request) -> web.Response:
    """The page's script and style sheet."""
    name = request.match_info["name"]
    if name not in _ASSETS:
        raise web.HTTPNotFound()
    return web.Response(
        body=(STATIC / name).read_bytes(),
        content_type=_ASSETS[name],
        charset="utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


_TAGS = ("documentation",)
ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/openapi.json",
        merged_openapi,
        "The merged OpenAPI 3.1 document of the whole API",
        "getOpenApi",
        tags=_TAGS,
        public=True,
        errors=(),
        conditional=False,  # cached for a minute by Cache-Control; no ETag
    ),
    Endpoint(
        "GET",
        "/api/docs",
        docs_page,
        "A readable page for the API document",
        "getApiDocs",
        tags=_TAGS,
        public=True,
        errors=(),
        response_media="text/html",
    ),
    Endpoint(
        "GET",
        "/api/docs/{name}",
        docs_asset,
        "Script and style of the documentation page",
        "getApiDocsAsset",
        tags=_TAGS,
        public=True,
        errors=(404,),
        response_media="text/plain",
    ),
]
