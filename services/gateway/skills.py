"""``/api/skills/v1/mappings/{id}``: a skills mapping with the open placements of each occupation, and a proposal.

The validation service ranks the occupations and knows nothing of placements; the sfi service has the
placements and knows nothing of mappings. The gateway puts them together, as the caller, through its one
upstream client: the mapping from validation, then each ranked occupation's open placements from sfi,
concurrently. When sfi does not answer, the mapping still comes, with ``complete: false`` and the part named
in ``missing``. A caseworker's proposal checks the placement against the mapping's result and asks sfi for an
agreement in state ``proposed`` for the mapping's person, in one request.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from aiohttp import web
from marshmallow import Schema

from services.gateway.config import GATEWAY_CONFIG
from services.gateway.proxy import UPSTREAM_POOLS, trace_headers
from services.gateway.upstream import Call, fetch
from shared import fields
from shared.body import load_body
from shared.errors import Conflict, DomainError, Forbidden, ValidationFailed
from shared.etag import json_response
from shared.identity import HEADER, IDENTITY, INTERNAL_SECRET, sign_identity
from shared.openapi import Endpoint

log = logging.getLogger("lotsen.gateway.skills")
PLACEMENTS_PER_OCCUPATION = 5
TRACKING = "X-Tracking-Code"
PRIVATE = {"Cache-Control": "private, no-store"}
_PASSED_ON = (TRACKING, "Idempotency-Key", "Accept-Language")


class ProposalSchema(Schema):
    """Propose one of the result's placements to the mapping's person."""

    placementId = fields.UUID(required=True)
    learnerId = fields.UUID(metadata={"description": "The SFI learner; default: the mapping's signed-in owner"})
    startDate = fields.Date(metadata={"description": "Default: the placement's"})
    endDate = fields.Date(metadata={"description": "Default: the placement's"})


class ComposedMappingSchema(Schema):
    """The mapping as ``GET /api/validation/v1/skills-mappings/{id}`` answers it, each occupation's ``placements``
    filled in, and whether every part could be fetched."""

    id = fields.UUID(required=True)
    result = fields.Dict(required=True)
    complete = fields.Boolean(required=True)
    missing = fields.List(fields.String(), required=True, metadata={"description": "Parts that could not be fetched"})


def _headers(request: web.Request, *, json_body: bool = False) -> dict[str, str]:
    out = {
        HEADER: sign_identity(request[IDENTITY], request.app[INTERNAL_SECRET]),
        "Accept": "application/json",
        **trace_headers(request),
        **{name: request.headers[name] for name in _PASSED_ON if name in request.headers},
    }
    if json_body:
        out["Content-Type"] = "application/json"
    return out


async def _call(request: web.Request, service: str, method: str, path: str, body: Any = None) -> tuple[int, Any, bytes]:
    """One call as the caller: status, decoded JSON (or None) and the raw answer."""
    payload = None if body is None else json.dumps(body, default=str).encode()
    call = Call(method, path, _headers(request, json_body=payload is not None), payload,
                request.app[GATEWAY_CONFIG].upstream_deadline)  # fmt: skip
    status, headers, raw = await fetch(request.app[UPSTREAM_POOLS][service], call)
    try:
        doc = json.loads(raw) if "json" in headers.get("Content-Type", "") and raw else None
    except ValueError:
        doc = None
    return status, doc, raw


def _relayed(status: int, raw: bytes) -> web.Response:
    """A service's refusal, passed on as it came (its problem details name the field or the reason)."""
    return web.Response(status=status, body=raw, content_type="application/problem+json", headers=PRIVATE)


Caller = Callable[[str, str, str, Any], Awaitable[tuple[int, Any, bytes]]]
"""``(service, method, path, json body) -> (status, decoded JSON or None, raw body)``, as some caller."""


async def _placements(call: Caller, ssyk: str) -> tuple[list[dict[str, Any]], bool]:
    """Open placements with free seats in one occupation: the first five by start date, and whether there are more."""
    query = urlencode({"occupation": ssyk, "status": "open", "current": "true", "limit": 50})
    status, doc, _ = await call("sfi", "GET", f"/v1/placements?{query}", None)
    if status != 200 or not isinstance(doc, dict):
        raise LookupError(status)
    rows = [p for p in doc["data"] if p.get("freeSeats", 1) > 0]
    return rows[:PLACEMENTS_PER_OCCUPATION], len(rows) > PLACEMENTS_PER_OCCUPATION


async def add_placements(mapping: dict[str, Any], call: Caller, *, signed_in: bool) -> dict[str, Any]:
    """Fill in each ranked occupation's ``placements`` (concurrently); name the part that could not be fetched."""
    occupations = mapping["result"]["occupations"]
    codes = sorted({o["ssyk"] for o in occupations}) if signed_in else []
    found = await asyncio.gather(*(_placements(call, c) for c in codes), return_exceptions=True)
    by_code: dict[str, tuple[list, bool] | None] = {}
    for code, answer in zip(codes, found, strict=True):
        if isinstance(answer, DomainError | LookupError | ValueError):
            log.info("skills mapping part missing: sfi.placements %s (%s)", code, type(answer).__name__)
            answer = None
        elif isinstance(answer, BaseException):
            raise answer
        by_code[code] = answer
    for occupation in occupations:
        part = by_code.get(occupation["ssyk"])
        occupation["placements"] = {**occupation["placements"], "data": part[0] if part else None,
                                    "more": bool(part and part[1]), "signInNeeded": not signed_in}  # fmt: skip
    mapping["missing"] = ["sfi.placements"] if any(v is None for v in by_code.values()) else []
    mapping["complete"] = not mapping["missing"]
    return mapping


def _learner(data: Mapping[str, Any], mapping: Mapping[str, Any]) -> dict[str, str]:
    if data.get("learnerId"):
        return {"learnerId": str(data["learnerId"])}
    if mapping.get("owner"):
        return {"learnerSubject": mapping["owner"]}
    raise ValidationFailed.field("/learnerId", "the mapping has no signed-in owner: name the SFI learner")


async def propose(call: Caller, mapping: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[int, Any, bytes]:
    """Check the placement against the mapping's result, then ask sfi for a proposed agreement; sfi's answer."""
    placement_id = str(data["placementId"])
    status, placement, raw = await call("sfi", "GET", f"/v1/placements/{placement_id}", None)
    if status == 404:
        raise ValidationFailed.field("/placementId", "no such placement")
    if status != 200:
        return status, placement, raw
    if placement["occupation"] not in {o["ssyk"] for o in mapping["result"]["occupations"]}:
        raise Conflict(f"The placement's occupation (SSYK {placement['occupation']}) is not in the mapping's result",
                       extra={"occupation": placement["occupation"]})  # fmt: skip
    dates = {k: str(data[k]) for k in ("startDate", "endDate") if data.get(k)}
    return await call("sfi", "POST", f"/v1/placements/{placement_id}/agreements", {**_learner(data, mapping), **dates})


def mapping_path(mapping_id: str, lang: str | None) -> str:
    """The validation service's path of one mapping."""
    path = f"/v1/skills-mappings/{quote(mapping_id, safe='')}"
    return path + (f"?{urlencode({'lang': lang})}" if lang else "")


def _caller(request: web.Request) -> Caller:
    async def call(service: str, method: str, path: str, body: Any) -> tuple[int, Any, bytes]:
        return await _call(request, service, method, path, body)

    return call


async def mapping_with_placements(request: web.Request) -> web.Response:
    """The mapping and its result, each occupation with its open placements."""
    call = _caller(request)
    status, doc, raw = await call(
        "validation", "GET", mapping_path(request.match_info["id"], request.query.get("lang")), None
    )
    if status != 200:
        return _relayed(status, raw)
    doc = await add_placements(doc, call, signed_in=not request[IDENTITY].anonymous)
    return json_response(request, doc, headers=PRIVATE)


async def propose_placement(request: web.Request) -> web.Response:
    """A caseworker proposes one of the result's placements to the mapping's person (an agreement, proposed)."""
    identity = request[IDENTITY]
    if identity.kind != "person" or not identity.has_role("caseworker"):
        raise Forbidden("Caseworkers propose placements from a skills mapping")
    data = await load_body(request, ProposalSchema)
    call = _caller(request)
    status, mapping, raw = await call("validation", "GET", mapping_path(request.match_info["id"], None), None)
    if status != 200:
        return _relayed(status, raw)
    status, agreement, raw = await propose(call, mapping, data)
    if status != 201:
        return _relayed(status, raw)
    headers = {**PRIVATE, "Location": f"/api/sfi/v1/placement-agreements/{agreement['id']}"}
    return json_response(request, agreement, status=201, headers=headers)


ENDPOINTS = [
    Endpoint("GET", "/api/skills/v1/mappings/{id}", mapping_with_placements,
             "A skills mapping's result with the open placements of each occupation", "getSkillsMappingWithPlacements",
             tags=("skills mapping",), response=ComposedMappingSchema, errors=(404, 422), headers=(TRACKING,),
             description="The validation service's mapping (same access: owner, tracking code, staff), each ranked "
             "occupation's `placements.data` filled in from the sfi service: at most five open placements with "
             "free seats, `more` when there are others. Placements are shown to signed-in people only "
             "(`signInNeeded`). When sfi does not answer, `complete` is false and `missing` names the part."),
    Endpoint("POST", "/api/skills/v1/mappings/{id}/placement-proposals", propose_placement,
             "Propose a placement from a skills mapping's result", "proposePlacementFromSkillsMapping",
             tags=("skills mapping",), body=ProposalSchema, status=201, errors=(400, 404, 409, 415, 422),
             headers=("Idempotency-Key",),
             description="Caseworkers only. The placement's occupation must be one of the mapping's result (409 "
             "otherwise); the agreement is proposed for the mapping's signed-in owner's SFI learner profile, or "
             "for `learnerId`. The sfi service's answer (201, or 409 when the seats are taken or the hours "
             "collide) comes back as it is. Idempotency-Key is passed on."),
]  # fmt: skip
