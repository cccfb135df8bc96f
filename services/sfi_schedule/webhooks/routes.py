"""Webhook subscriptions for other systems: create, list, delete, and read the delivery log (thin handlers)."""

from __future__ import annotations

from aiohttp import web

from services.sfi_schedule.webhooks import schemas, service
from services.sfi_schedule.wire import path_id
from shared.body import load_body
from shared.db import DB_POOL
from shared.etag import json_response
from shared.idempotency import idempotency_key, request_fingerprint
from shared.identity import identity_of
from shared.openapi import Endpoint
from shared.outbox.wiring import OUTBOUND


async def create_subscription(request: web.Request) -> web.Response:
    """Subscribe a target URL to change notifications."""
    identity = service.manager(identity_of(request))
    data = await load_body(request, schemas.SubscriptionSchema)
    outcome = await service.create_subscription(
        request.app[DB_POOL], request.app[OUTBOUND], identity=identity, data=data,
        idempotency_key=idempotency_key(request),
        fingerprint=request_fingerprint(request.method, request.path, schemas.SubscriptionSchema().dump(data)),
    )  # fmt: skip
    return json_response(request, outcome.body, status=outcome.status)


async def list_subscriptions(request: web.Request) -> web.Response:
    """The caller's subscriptions (all of them for an administrator)."""
    rows = await service.list_subscriptions(request.app[DB_POOL], identity=identity_of(request))
    return json_response(
        request, schemas.SubscriptionListSchema().dump({"data": [dict(r) for r in rows], "pageToken": None})
    )


async def delete_subscription(request: web.Request) -> web.Response:
    """Stop a subscription."""
    await service.delete_subscription(
        request.app[DB_POOL], identity=identity_of(request), subscription_id=path_id(request)
    )
    return web.Response(status=204)


async def list_deliveries(request: web.Request) -> web.Response:
    """The newest 100 delivery attempts of a subscription."""
    rows = await service.deliveries(
        request.app[DB_POOL], identity=identity_of(request), subscription_id=path_id(request)
    )
    return json_response(
        request, schemas.DeliveryListSchema().dump({"data": [dict(r) for r in rows], "pageToken": None})
    )


_T = ("webhooks",)
_S = "/v1/webhooks/subscriptions"
ENDPOINTS = [
    Endpoint("POST", _S, create_subscription, "Subscribe to change notifications", "createWebhookSubscription",
             tags=_T, body=schemas.SubscriptionSchema, response=schemas.CreatedSubscriptionSchema, status=201,
             headers=("Idempotency-Key",)),
    Endpoint("GET", _S, list_subscriptions, "List webhook subscriptions", "listWebhookSubscriptions", tags=_T,
             response=schemas.SubscriptionListSchema),
    Endpoint("DELETE", _S + "/{id}", delete_subscription, "Stop a subscription", "deleteWebhookSubscription",
             tags=_T, status=204, errors=(404,)),
    Endpoint("GET", _S + "/{id}/deliveries", list_deliveries, "Delivery log of a subscription",
             "listWebhookDeliveries", tags=_T, response=schemas.DeliveryListSchema, errors=(404,)),
]  # fmt: skip
