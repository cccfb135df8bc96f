"""HTTP handlers of workplaces, placement offers, agreements, matching both ways and the yearly figure."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from services.sfi_schedule.placements import agreements, fit, service
from services.sfi_schedule.placements import schemas as s
from services.sfi_schedule.placements.config import PLACEMENT_CONFIG
from services.sfi_schedule.placements.figures import figures
from services.sfi_schedule.wire import path_id as path_uuid
from shared.body import load_body, load_query
from shared.db import DB_POOL
from shared.etag import etag_of_version, json_response
from shared.idempotency import Outcome, idempotency_key, request_fingerprint
from shared.identity import INTERNAL_SECRET, identity_of
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request


async def _page(request: web.Request, name: str, fetch: Callable[..., Awaitable[list]], key: Callable) -> web.Response:
    """One page of a list: ``{"data": [...], "pageToken": ...}`` with a ``Link`` to the next."""
    tokens = PageTokens(request.app[INTERNAL_SECRET], f"sfi.placements.{name}")
    page = page_request(request, tokens)
    rows = await fetch(after=page.after, limit=page.limit + 1)
    rows, token, headers = page_of(request, tokens, rows, page, key=key)
    return json_response(request, {"data": list(rows), "pageToken": token}, headers=headers)


def _created(request: web.Request, outcome: Outcome, location: str) -> web.Response:
    headers = {"Location": location + outcome.body["id"]}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(request, outcome.body, status=outcome.status, etag=_etag(outcome.body), headers=headers)


def _etag(body: dict[str, Any]) -> str:
    """The version, and for an offer its free seats too (they change without a new version)."""
    if "freeSeats" in body:
        return f'"v{body["version"]}.{body["freeSeats"]}"'
    return etag_of_version(body["version"])


def _one(request: web.Request, body: dict[str, Any]) -> web.Response:
    return json_response(request, body, etag=_etag(body))


def _create_args(request: web.Request, data: Any) -> dict[str, Any]:
    identity = identity_of(request)
    fingerprint = request_fingerprint("POST", request.path, identity.sub, data)
    return {"identity": identity, "data": data, "key": idempotency_key(request), "fingerprint": fingerprint}


async def list_workplaces(request: web.Request) -> web.Response:
    """Workplaces by name (staff; a workplace contact sees their own)."""
    load_query(request, s.WorkplaceQuerySchema)
    pool, identity = request.app[DB_POOL], identity_of(request)

    async def fetch(**page: Any) -> list:
        return await service.list_workplaces(pool, identity=identity, **page)

    return await _page(request, "workplaces", fetch, key=lambda r: [r["name"], r["id"]])


async def create_workplace(request: web.Request) -> web.Response:
    """Register a workplace."""
    data = await load_body(request, s.WorkplaceSchema)
    outcome = await service.create_workplace(request.app[DB_POOL], **_create_args(request, data))
    return _created(request, outcome, "/v1/workplaces/")


async def get_workplace(request: web.Request) -> web.Response:
    """One workplace."""
    body = await service.get_workplace(request.app[DB_POOL], identity=identity_of(request),
                                       workplace_id=path_uuid(request))  # fmt: skip
    return _one(request, body)


async def put_workplace(request: web.Request) -> web.Response:
    """Replace a workplace under If-Match."""
    data = await load_body(request, s.WorkplaceSchema)
    body = await service.replace_workplace(
        request.app[DB_POOL], identity=identity_of(request), workplace_id=path_uuid(request), data=data,
        if_match=request.headers.get("If-Match"),
    )  # fmt: skip
    return _one(request, body)


async def list_placements(request: web.Request) -> web.Response:
    """Placement offers by start date, filtered."""
    filters = load_query(request, s.PlacementQuerySchema)
    pool, identity = request.app[DB_POOL], identity_of(request)

    async def fetch(**page: Any) -> list:
        return await service.list_placements(pool, identity=identity, filters=filters, **page)

    return await _page(request, "placements", fetch, key=lambda r: [r["startDate"], r["id"]])


async def create_placement(request: web.Request) -> web.Response:
    """Publish a placement offer."""
    data = await load_body(request, s.PlacementOfferSchema)
    outcome = await service.create_placement(request.app[DB_POOL], **_create_args(request, data))
    return _created(request, outcome, "/v1/placements/")


async def get_placement(request: web.Request) -> web.Response:
    """One placement offer."""
    body = await service.get_placement(request.app[DB_POOL], identity=identity_of(request),
                                       placement_id=path_uuid(request))  # fmt: skip
    return _one(request, body)


async def put_placement(request: web.Request) -> web.Response:
    """Replace a placement offer under If-Match (the version part of its ETag)."""
    data = await load_body(request, s.PlacementOfferSchema)
    body = await service.replace_placement(
        request.app[DB_POOL], identity=identity_of(request), placement_id=path_uuid(request), data=data,
        if_match=request.headers.get("If-Match"),
    )  # fmt: skip
    return _one(request, body)


async def match_placements(request: web.Request) -> web.Response:
    """The placements that fit a learner, with reasons in the learner's language."""
    data = await load_body(request, s.PlacementMatchRequestSchema)
    body = await fit.placements_for_learner(
        request.app[DB_POOL], identity=identity_of(request), data=data,
        accept_language=request.headers.get("Accept-Language"),
    )  # fmt: skip
    return json_response(request, body)


async def candidates(request: web.Request) -> web.Response:
    """The learners who fit a placement, with reasons."""
    query = load_query(request, s.CandidatesQuerySchema)
    body = await fit.learners_for_placement(
        request.app[DB_POOL], identity=identity_of(request), placement_id=path_uuid(request),
        language=query.get("language") or request.headers.get("Accept-Language"), limit=query.get("limit", 50),
    )  # fmt: skip
    return json_response(request, body)


async def propose(request: web.Request) -> web.Response:
    """Propose the placement to a learner (a seat is held; 409 when every seat is taken)."""
    data = await load_body(request, s.AgreementRequestSchema)
    outcome = await agreements.propose(request.app[DB_POOL], placement_id=path_uuid(request),
                                       config=request.app[PLACEMENT_CONFIG], **_create_args(request, data))  # fmt: skip
    return _created(request, outcome, "/v1/placement-agreements/")


async def list_agreements(request: web.Request) -> web.Response:
    """Agreements: staff all, a workplace contact theirs, a learner their own."""
    filters = load_query(request, s.AgreementQuerySchema)
    pool, identity, config = request.app[DB_POOL], identity_of(request), request.app[PLACEMENT_CONFIG]

    async def fetch(**page: Any) -> list:
        return await agreements.list_agreements(pool, identity=identity, filters=filters, config=config, **page)

    return await _page(request, "agreements", fetch, key=lambda r: [r["createdAt"], r["id"]])


async def get_agreement(request: web.Request) -> web.Response:
    """One agreement with its history."""
    body = await agreements.get_agreement(
        request.app[DB_POOL], agreement_id=path_uuid(request), identity=identity_of(request),
        config=request.app[PLACEMENT_CONFIG],
    )  # fmt: skip
    return _one(request, body)


async def patch_agreement(request: web.Request) -> web.Response:
    """Record hours done, the mentor, dates or the registerkontroll date, under If-Match."""
    data = await load_body(request, s.AgreementPatchSchema)
    body = await agreements.amend(
        request.app[DB_POOL], agreement_id=path_uuid(request), identity=identity_of(request), data=data,
        if_match=request.headers.get("If-Match"), config=request.app[PLACEMENT_CONFIG],
    )  # fmt: skip
    return _one(request, body)


async def transition(request: web.Request) -> web.Response:
    """Agree, start, complete or end an agreement early, under If-Match."""
    data = await load_body(request, s.TransitionSchema)
    body = await agreements.move_on(
        request.app[DB_POOL], agreement_id=path_uuid(request), identity=identity_of(request), data=data,
        if_match=request.headers.get("If-Match"), config=request.app[PLACEMENT_CONFIG],
    )  # fmt: skip
    return _one(request, body)


async def get_figures(request: web.Request) -> web.Response:
    """Placements started in a year by employer kind, against the targets."""
    query = load_query(request, s.FiguresQuerySchema)
    body = await figures(request.app[DB_POOL], identity=identity_of(request), year=query.get("year"),
                         config=request.app[PLACEMENT_CONFIG])  # fmt: skip
    return json_response(request, body)


_T = ("placements",)
_W = (400, 404, 412, 415, 422, 428)
ENDPOINTS = [
    Endpoint("GET", "/v1/workplaces", list_workplaces, "List workplaces", "listWorkplaces", tags=_T,
             query=s.WorkplaceQuerySchema, response=s.WorkplaceListSchema, errors=(400, 422)),
    Endpoint("POST", "/v1/workplaces", create_workplace, "Register a workplace", "createWorkplace", tags=_T,
             body=s.WorkplaceSchema, response=s.WorkplaceSchema, status=201, headers=("Idempotency-Key",),
             errors=(400, 415, 422)),
    Endpoint("GET", "/v1/workplaces/{id}", get_workplace, "Read a workplace", "getWorkplace", tags=_T,
             response=s.WorkplaceSchema, errors=(404,)),
    Endpoint("PUT", "/v1/workplaces/{id}", put_workplace, "Replace a workplace", "replaceWorkplace", tags=_T,
             body=s.WorkplaceSchema, response=s.WorkplaceSchema, headers=("If-Match",), errors=_W),
    # Before /v1/placements/{id}: the router tries routes in the order they were added.
    Endpoint("GET", "/v1/placements/figures", get_figures, "Placements started in a year against the targets",
             "placementFigures", tags=_T, query=s.FiguresQuerySchema, response=s.FiguresSchema, errors=(422,),
             description="Agreements that started (became ongoing) in the calendar year, per employer kind "
             "(municipal, private), against the municipality's targets, with hours done and completion."),
    Endpoint("POST", "/v1/placements/matches", match_placements, "Find the placements that fit a learner",
             "matchPlacements", tags=_T, body=s.PlacementMatchRequestSchema, response=s.PlacementMatchesSchema,
             errors=(400, 404, 415, 422),
             description="The signed-in learner's, or (staff) the named learner's. A placement fits when its hours "
             "collide with none of the learner's SFI sessions or busy time, they have child care and the SFI level. "
             "Reasons are message keys with parameters and a text in sv, en or ar (language, profile, "
             "Accept-Language)."),
    Endpoint("GET", "/v1/placements", list_placements, "List placement offers", "listPlacements", tags=_T,
             query=s.PlacementQuerySchema, response=s.PlacementOfferListSchema, errors=(400, 422)),
    Endpoint("POST", "/v1/placements", create_placement, "Publish a placement offer", "createPlacement", tags=_T,
             body=s.PlacementOfferSchema, response=s.PlacementOfferSchema, status=201, headers=("Idempotency-Key",),
             errors=(400, 415, 422)),
    Endpoint("GET", "/v1/placements/{id}", get_placement, "Read a placement offer", "getPlacement", tags=_T,
             response=s.PlacementOfferSchema, errors=(404,),
             description="The ETag carries the version and the free seats; If-Match on PUT compares the version."),
    Endpoint("PUT", "/v1/placements/{id}", put_placement, "Replace a placement offer", "replacePlacement", tags=_T,
             body=s.PlacementOfferSchema, response=s.PlacementOfferSchema, headers=("If-Match",), errors=_W),
    Endpoint("GET", "/v1/placements/{id}/candidates", candidates, "Find the learners who fit a placement",
             "placementCandidates", tags=_T, query=s.CandidatesQuerySchema, response=s.LearnerMatchesSchema,
             errors=(404, 422)),
    Endpoint("POST", "/v1/placements/{id}/agreements", propose, "Propose the placement to a learner",
             "proposePlacement", tags=_T, body=s.AgreementRequestSchema, response=s.AgreementSchema, status=201,
             headers=("Idempotency-Key",), errors=(400, 404, 409, 415, 422),
             description="Holds a seat: 409 when every seat is taken, when the learner already has an open "
             "agreement here, or when the hours collide with the learner's SFI groups or another placement."),
    Endpoint("GET", "/v1/placement-agreements", list_agreements, "List placement agreements",
             "listPlacementAgreements", tags=_T, query=s.AgreementQuerySchema, response=s.AgreementListSchema,
             errors=(400, 422)),
    Endpoint("GET", "/v1/placement-agreements/{id}", get_agreement, "Read a placement agreement",
             "getPlacementAgreement", tags=_T, response=s.AgreementSchema, errors=(404,)),
    Endpoint("PATCH", "/v1/placement-agreements/{id}", patch_agreement, "Record hours, mentor or dates",
             "amendPlacementAgreement", tags=_T, body=s.AgreementPatchSchema, response=s.AgreementSchema,
             headers=("If-Match",), errors=(*_W, 409)),
    Endpoint("POST", "/v1/placement-agreements/{id}/transitions", transition, "Agree, start, complete or end early",
             "movePlacementAgreement", tags=_T, body=s.TransitionSchema, response=s.AgreementSchema,
             headers=("If-Match",), errors=(*_W, 409),
             description="proposed → agreed → ongoing → completed, or ended_early from any of them. Agreeing "
             "needs a registerkontroll date where the workplace asks for one, and makes the hours the learner's "
             "busy time (409 when they collide with the learner's SFI groups)."),
]  # fmt: skip
