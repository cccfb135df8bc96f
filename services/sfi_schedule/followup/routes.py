"""HTTP handlers of outcome records, follow-up facts and the SFI and placement figures."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.followup import service
from services.sfi_schedule.followup.figures.service import figures
from services.sfi_schedule.followup.schemas import (
    FollowupFiguresSchema,
    OutcomeInSchema,
    OutcomeListQuerySchema,
    OutcomePageSchema,
    OutcomeSchema,
    PersonFactsInSchema,
    PersonFactsSchema,
)
from services.sfi_schedule.wire import Page, cut, list_response, path_id, tokens
from shared.body import load_body, load_query
from shared.clock import clock_of
from shared.db import DB_POOL
from shared.etag import etag_of_version, json_response
from shared.followup import WindowQuerySchema, require_statistics, resolve_window
from shared.idempotency import idempotency_key, request_fingerprint
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.pagination import page_request

PRIVATE = {"Cache-Control": "private, no-store"}


async def post_outcome(request: web.Request) -> web.Response:
    """Record what a learner was doing on a day."""
    identity = identity_of(request)
    d = await load_body(request, OutcomeInSchema)
    outcome = await service.record_outcome(
        request.app[DB_POOL], identity=identity, d=d, key=idempotency_key(request),
        fingerprint=request_fingerprint("POST", request.path, d), today=clock_of(request).today(),
    )  # fmt: skip
    headers = {"Location": f"/v1/follow-up/outcomes/{outcome.body['id']}", **PRIVATE}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(request, outcome.body, status=outcome.status, headers=headers)


async def list_outcomes(request: web.Request) -> web.Response:
    """A learner's records, oldest day first, retracted ones marked."""
    q = load_query(request, OutcomeListQuerySchema)
    signer = tokens(request, "sfi.outcome_records")
    page = page_request(request, signer)
    rows = await service.outcomes(request.app[DB_POOL], identity=identity_of(request), learner_id=q["learnerId"],
                                  after=page.after, limit=page.limit + 1)  # fmt: skip
    shown = cut(rows, page, key=lambda r: [r["observed_on"].isoformat(), r["id"]])
    return list_response(request, signer, Page([service.present(r) for r in shown.items], shown.last), PRIVATE)


async def delete_outcome(request: web.Request) -> web.Response:
    """Retract a record: it is kept, marked, and no longer counts in any figure."""
    await service.retract(request.app[DB_POOL], identity=identity_of(request), record_id=path_id(request))
    return web.Response(status=204)


async def get_facts(request: web.Request) -> web.Response:
    """A learner's follow-up facts."""
    body = await service.facts(request.app[DB_POOL], identity=identity_of(request), learner_id=path_id(request))
    return json_response(request, body, etag=etag_of_version(body["version"]), headers=PRIVATE)


async def put_facts(request: web.Request) -> web.Response:
    """Record a learner's sex and date of arrival (each optional); replacing needs If-Match."""
    d = await load_body(request, PersonFactsInSchema)
    body = await service.save_facts(
        request.app[DB_POOL], identity=identity_of(request), learner_id=path_id(request), d=d,
        if_match=request.headers.get("If-Match"), today=clock_of(request).today(),
    )  # fmt: skip
    return json_response(request, body, etag=etag_of_version(body["version"]), headers=PRIVATE)


async def get_figures(request: web.Request) -> web.Response:
    """The SFI and placement figures over a window (aggregates only; values about fewer than 5 persons suppressed)."""
    identity = identity_of(request)
    require_statistics(identity)
    window = resolve_window(load_query(request, WindowQuerySchema), clock_of(request).today())
    config = request.app[CONFIG]
    body = await figures(request.app[DB_POOL], identity=identity, window=window,
                         deadlines=(config.start_deadline_months, config.establishment_deadline_months))  # fmt: skip
    return json_response(request, body, headers=PRIVATE)


_T = ("follow-up",)
ENDPOINTS = [
    Endpoint("POST", "/v1/follow-up/outcomes", post_outcome, "Record what a learner was doing on a day",
             "createOutcomeRecord", tags=_T, body=OutcomeInSchema, response=OutcomeSchema, status=201,
             headers=("Idempotency-Key",), errors=(400, 415, 422)),
    Endpoint("GET", "/v1/follow-up/outcomes", list_outcomes, "A learner's outcome records", "listOutcomeRecords",
             tags=_T, query=OutcomeListQuerySchema, response=OutcomePageSchema, errors=(400, 422)),
    Endpoint("DELETE", "/v1/follow-up/outcomes/{id}", delete_outcome, "Retract an outcome record",
             "retractOutcomeRecord", tags=_T, status=204, errors=(404,)),
    Endpoint("GET", "/v1/follow-up/persons/{id}", get_facts, "A learner's follow-up facts (sex, arrival)",
             "getFollowupFacts", tags=_T, response=PersonFactsSchema, errors=(404,),
             extra_responses={304: "Not modified"}),
    Endpoint("PUT", "/v1/follow-up/persons/{id}", put_facts, "Record a learner's follow-up facts",
             "putFollowupFacts", tags=_T, body=PersonFactsInSchema, response=PersonFactsSchema,
             headers=("If-Match",), errors=(400, 404, 412, 415, 422, 428)),
    Endpoint("GET", "/v1/follow-up/figures", get_figures, "SFI start, results, work or studies and placement figures",
             "getSfiFollowupFigures", tags=_T, query=WindowQuerySchema, response=FollowupFiguresSchema, errors=(422,),
             description="Aggregates only: every value about fewer than 5 persons is {\"suppressed\": true}; "
             "each call is logged."),
]  # fmt: skip
