"""HTTP handlers of the occupation register and the municipalities' shortage lists."""

from __future__ import annotations

import re

from aiohttp import web

from services.validation.clock import clock_of
from services.validation.config import CONFIG
from services.validation.messages import skills_language as language
from services.validation.shortage import service
from services.validation.shortage.present import list_json, occupation_json
from services.validation.shortage.schemas import (
    OccupationListSchema,
    ShortageListSchema,
    ShortageQuerySchema,
    ShortageReplaceSchema,
)
from shared.body import load_body, load_query
from shared.db import DB_POOL
from shared.errors import NotFound
from shared.etag import etag_of_version, json_response
from shared.identity import identity_of
from shared.openapi import Endpoint

KOMMUNKOD_RE = re.compile(r"[0-9]{4}")
PUBLIC_CACHE = {"Cache-Control": "public, max-age=60"}


def _municipality(raw: str) -> str:
    """A kommunkod from the path; anything else names no municipality."""
    if not KOMMUNKOD_RE.fullmatch(raw):
        raise NotFound("No such municipality")
    return raw


async def list_occupations(request: web.Request) -> web.Response:
    """The occupation register: SSYK codes, titles, validation roles and the way into each."""
    register = await service.occupations(request.app[DB_POOL])
    data = [occupation_json(o) for o in register.values()]
    return json_response(request, {"data": data, "pageToken": None}, headers=PUBLIC_CACHE)


async def get_shortage(request: web.Request) -> web.Response:
    """A municipality's shortage occupations (the latest version unless one is asked for)."""
    query = load_query(request, ShortageQuerySchema)
    municipality = request.match_info.get("municipality") or query.get("municipality")
    found, register = await service.read(
        request.app[DB_POOL],
        municipality=_municipality(municipality) if municipality else request.app[CONFIG].municipality,
        version=query.get("version"),
    )
    body = list_json(found, register, language(query.get("lang")))
    return json_response(request, body, etag=etag_of_version(found.version), headers=PUBLIC_CACHE)


async def put_shortage(request: web.Request) -> web.Response:
    """Replace a municipality's list: stored as its next version (If-Match names the version replaced)."""
    municipality = _municipality(request.match_info["municipality"])
    data = await load_body(request, ShortageReplaceSchema)
    found, register = await service.replace(
        request.app[DB_POOL],
        identity=identity_of(request),
        municipality=municipality,
        if_match=request.headers.get("If-Match"),
        data=data,
        today=clock_of(request).today(),
    )
    return json_response(request, list_json(found, register, "sv"), etag=etag_of_version(found.version))


_T = ("shortage occupations",)
ENDPOINTS = [
    Endpoint(
        "GET",
        "/v1/occupations",
        list_occupations,
        "The occupation register (SSYK 2012) with validation roles and the way into each occupation",
        "listOccupations",
        tags=_T,
        response=OccupationListSchema,
        public=True,
        errors=(),
        description="`sfiLevel` is the SFI course to have passed to start the vocational route, "
        "`swedishCourses` the Swedish courses needed beyond SFI, `drivingLicences` the licences the work needs. "
        "These are defaults a municipality verifies (`requirementSource`).",
    ),
    Endpoint(
        "GET",
        "/v1/shortage-occupations",
        get_shortage,
        "A municipality's shortage occupations",
        "listShortageOccupations",
        tags=_T,
        query=ShortageQuerySchema,
        response=ShortageListSchema,
        public=True,
        errors=(404, 422),
        description="Versioned data: each entry has its demand level (Arbetsförmedlingen's words: large_shortage, "
        "shortage, balance, surplus), source and date. The ETag names the version, which PUT's If-Match needs.",
    ),
    Endpoint(
        "GET",
        "/v1/shortage-occupations/{municipality}",
        get_shortage,
        "One municipality's shortage occupations",
        "getShortageOccupations",
        tags=_T,
        query=ShortageQuerySchema,
        response=ShortageListSchema,
        public=True,
        errors=(404, 422),
    ),
    Endpoint(
        "PUT",
        "/v1/shortage-occupations/{municipality}",
        put_shortage,
        "Replace a municipality's shortage occupations (a new version)",
        "replaceShortageOccupations",
        tags=_T,
        body=ShortageReplaceSchema,
        response=ShortageListSchema,
        errors=(400, 404, 412, 415, 422, 428),
        headers=("If-Match",),
        description="Caseworkers, or systems with validation:write. The whole list is stored as the next "
        "version; earlier versions stay readable with `?version=`. If-Match must name the current version "
        '(`"v3"`); the first list of a municipality needs none. Each SSYK code once; an occupation outside '
        "the register needs a `title`.",
    ),
]
