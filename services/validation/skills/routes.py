"""HTTP handlers of skills mappings: record, list, read, change, find by reference, make an application of one."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.validation.applications.routes import PRIVATE, TRACKING_HEADER, LanguageQuerySchema, tracking_code
from services.validation.applications.schemas import ApplicationSchema
from services.validation.clock import clock_of
from services.validation.config import CONFIG
from services.validation.messages import SKILLS_LANGUAGES as LANGUAGES
from services.validation.skills import convert, service
from services.validation.skills.schemas import (
    ApplicationFromMappingSchema,
    MappingInSchema,
    MappingListQuerySchema,
    MappingListSchema,
    MappingSchema,
    ReferenceSchema,
)
from shared.body import load_body, load_query
from shared.db import DB_POOL
from shared.etag import etag_of_version, json_response
from shared.idempotency import Outcome, idempotency_key
from shared.identity import INTERNAL_SECRET, identity_of
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request


def asked_language(request: web.Request, query: dict[str, Any] | None = None) -> str | None:
    """``?lang=``, else the first language of ``Accept-Language`` the catalogue has (by weight), else None (then
    the person's own language decides)."""
    if query and query.get("lang"):
        return query["lang"]
    ranked = []
    for position, part in enumerate(request.headers.get("Accept-Language", "").split(",")):
        tag, _, weight = part.strip().partition(";q=")
        try:
            q = float(weight) if weight else 1.0
        except ValueError:
            q = 0.0
        ranked.append((-q, position, tag.strip().lower()[:2]))
    return next((tag for q, _, tag in sorted(ranked) if q < 0 and tag in LANGUAGES), None)


def mapping_etag(body: dict[str, Any]) -> str:
    """The mapping's version and the shortage-list version its result was ranked against (``"v3.2"``)."""
    result = body.get("result")
    return f'"v{body["version"]}.{result["shortageVersion"]}"' if result else f'"v{body["version"]}"'


def _answer(request: web.Request, body: dict[str, Any], *, status: int = 200, headers=None) -> web.Response:
    return json_response(request, body, status=status, etag=mapping_etag(body), headers={**PRIVATE, **(headers or {})})


def _created(request: web.Request, outcome: Outcome, location: str, etag: str) -> web.Response:
    headers = {**PRIVATE, "Location": location}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(request, outcome.body, status=201, etag=etag, headers=headers)


async def create_mapping(request: web.Request) -> web.Response:
    """Record a skills mapping (signed-in resident, anonymous person, or a caseworker with the person)."""
    key = idempotency_key(request)
    lang = asked_language(request, load_query(request, LanguageQuerySchema))
    data = await load_body(request, MappingInSchema)
    outcome = await service.create(
        request.app[DB_POOL], identity=identity_of(request), data=data, key=key, today=clock_of(request).today(),
        municipality=request.app[CONFIG].municipality, lang=lang,
    )  # fmt: skip
    body = outcome.body
    return _created(request, outcome, f"/v1/skills-mappings/{body['id']}", mapping_etag(body))


async def list_mappings(request: web.Request) -> web.Response:
    """Mappings newest first: caseworkers and auditors all, a resident their own."""
    load_query(request, MappingListQuerySchema)
    tokens = PageTokens(request.app[INTERNAL_SECRET], "validation.skills-mappings")
    page = page_request(request, tokens)
    rows = await service.listing(
        request.app[DB_POOL], identity=identity_of(request), after=page.after, limit=page.limit + 1
    )
    rows, token, headers = page_of(request, tokens, rows, page, key=lambda r: [r["createdAt"], r["id"]])
    return json_response(request, {"data": list(rows), "pageToken": token}, headers={**PRIVATE, **headers})


async def get_mapping(request: web.Request) -> web.Response:
    """One mapping with its ranked result."""
    query = load_query(request, LanguageQuerySchema)
    body = await service.read(
        request.app[DB_POOL], mapping_id=service.parse_id(request.match_info["id"]), identity=identity_of(request),
        tracking_code=tracking_code(request), lang=asked_language(request, query), today=clock_of(request).today(),
    )  # fmt: skip
    return _answer(request, body)


async def put_mapping(request: web.Request) -> web.Response:
    """Replace what the mapping records (If-Match required)."""
    data = await load_body(request, MappingInSchema)
    body = await service.replace(
        request.app[DB_POOL], mapping_id=service.parse_id(request.match_info["id"]), identity=identity_of(request),
        tracking_code=tracking_code(request), if_match=request.headers.get("If-Match"), data=data,
        today=clock_of(request).today(), lang=asked_language(request),
    )  # fmt: skip
    return _answer(request, body)


async def lookup_mapping(request: web.Request) -> web.Response:
    """A mapping by its reference, for whoever holds its tracking code (or owns it)."""
    query = load_query(request, LanguageQuerySchema)
    data = await load_body(request, ReferenceSchema)
    body = await service.lookup(
        request.app[DB_POOL], reference=data["reference"], identity=identity_of(request),
        tracking_code=tracking_code(request), lang=asked_language(request, query), today=clock_of(request).today(),
    )  # fmt: skip
    return _answer(request, body)


async def make_application(request: web.Request) -> web.Response:
    """A caseworker makes a validation application of the mapping, in one step."""
    key = idempotency_key(request)
    data = await load_body(request, ApplicationFromMappingSchema)
    outcome = await convert.to_application(
        request.app[DB_POOL], mapping_id=service.parse_id(request.match_info["id"]), identity=identity_of(request),
        data=data, key=key, today=clock_of(request).today(),
    )  # fmt: skip
    body = outcome.body
    return _created(request, outcome, f"/v1/applications/{body['id']}", etag_of_version(body["version"]))


_T = ("skills mapping",)
ENDPOINTS = [
    Endpoint("POST", "/v1/skills-mappings", create_mapping, "Record an initial skills mapping", "createSkillsMapping",
             tags=_T, body=MappingInSchema, query=LanguageQuerySchema, response=MappingSchema, status=201,
             public=True, errors=(400, 403, 415, 422), headers=("Idempotency-Key",),
             description="Step 1 of validation. A signed-in resident owns the mapping; anyone else (an anonymous "
             "person, or a caseworker recording with the person) gets a tracking code in this answer only, and "
             "reads the mapping later with the X-Tracking-Code header. The answer carries the ranked result: the "
             "municipality's shortage occupations that fit, with points, reasons and the way there (validation "
             "role and pre-check, Swedish needed, driving licences). No identity number or contact is asked for. Texts "
             "are in `lang`, else the first of Accept-Language the service writes (sv, en), else the person's "
             "preferredLanguage, else Swedish."),
    Endpoint("GET", "/v1/skills-mappings", list_mappings, "List skills mappings", "listSkillsMappings", tags=_T,
             query=MappingListQuerySchema, response=MappingListSchema, errors=(400, 422),
             description="Newest first. Caseworkers and auditors see every mapping, a signed-in resident their own."),
    Endpoint("POST", "/v1/skills-mappings/lookup", lookup_mapping, "Find a skills mapping by its reference",
             "lookupSkillsMapping", tags=_T, query=LanguageQuerySchema, body=ReferenceSchema, response=MappingSchema,
             errors=(400, 404, 415, 422), headers=(TRACKING_HEADER,),
             description="404 unless the caller holds the mapping's tracking code, owns it or is staff."),
    Endpoint("GET", "/v1/skills-mappings/{id}", get_mapping, "Read a skills mapping with its ranked result",
             "getSkillsMapping", tags=_T, query=LanguageQuerySchema, response=MappingSchema, errors=(404, 422),
             headers=(TRACKING_HEADER,),
             description="The ETag is the mapping's version and the version of the shortage list the result was "
             "ranked against (`\"v2.5\"`); If-Match on PUT compares the mapping's version."),
    Endpoint("PUT", "/v1/skills-mappings/{id}", put_mapping, "Replace what a skills mapping records",
             "replaceSkillsMapping", tags=_T, body=MappingInSchema, response=MappingSchema,
             errors=(400, 403, 404, 412, 415, 422, 428), headers=("If-Match", TRACKING_HEADER)),
    Endpoint("POST", "/v1/skills-mappings/{id}/applications", make_application,
             "Make a validation application of a skills mapping", "applicationFromSkillsMapping", tags=_T,
             body=ApplicationFromMappingSchema, response=ApplicationSchema, status=201,
             errors=(400, 403, 404, 415, 422), headers=("Idempotency-Key",),
             description="Caseworkers only. `ssyk` names an occupation (its validation role is used) or "
             "`targetRole` a role; education, work and Swedish come from the mapping, contact and identity from "
             "this body. The application belongs to the mapping's owner, or opens with the mapping's tracking code."),
]  # fmt: skip
