"""Webhook subscriptions for other systems: create, list, delete, and read the delivery log."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from aiohttp import web
from marshmallow import Schema, fields, validate

from services.sfi_schedule.admin.common import ADMIN_ROLE, create_once, found
from services.sfi_schedule.webhooks import queries
from services.sfi_schedule.wire import path_id
from shared.app import SETTINGS
from shared.body import load_body
from shared.db import DB_POOL, transaction
from shared.errors import Forbidden, ValidationFailed
from shared.etag import json_response
from shared.identity import Identity, identity_of
from shared.openapi import Endpoint

RESOURCE_TYPES = ("group", "publication")


class SubscriptionSchema(Schema):
    """A webhook subscription; the secret is returned only when it is created."""

    id = fields.UUID(dump_only=True)
    targetUrl = fields.Url(required=True, attribute="target_url", schemes={"http", "https"}, require_tld=False)
    resourceTypes = fields.List(fields.String(validate=validate.OneOf(RESOURCE_TYPES)), required=True,
                                attribute="resource_types", validate=validate.Length(min=1))  # fmt: skip
    secret = fields.String(load_only=True, validate=validate.Length(min=32, max=200),
                           metadata={"description": "HMAC-SHA256 key; generated when left out"})  # fmt: skip
    expiresAt = fields.AwareDateTime(attribute="expires_at", allow_none=True, load_default=None)
    createdAt = fields.DateTime(dump_only=True, attribute="created_at")


class CreatedSubscriptionSchema(SubscriptionSchema):
    """The created subscription, with its signing secret (shown once)."""

    signingSecret = fields.String(attribute="signing_secret")


class SubscriptionListSchema(Schema):
    """Subscriptions."""

    data = fields.List(fields.Nested(SubscriptionSchema), required=True)
    pageToken = fields.String(allow_none=True)


class DeliveryListSchema(Schema):
    """Delivery attempts, newest first."""

    data = fields.List(fields.Dict(), required=True)
    pageToken = fields.String(allow_none=True)


def _manager(request: web.Request) -> Identity:
    identity = identity_of(request)
    if identity.has_role(ADMIN_ROLE) or identity.has_scope("webhooks:manage"):
        return identity
    identity.require_role(ADMIN_ROLE)
    raise Forbidden("Requires the webhooks:manage scope")


def _owner(identity: Identity) -> str | None:
    return None if identity.has_role(ADMIN_ROLE) else (identity.consumer or identity.sub)


async def create_subscription(request: web.Request) -> web.Response:
    """Subscribe a target URL to change notifications."""
    identity = _manager(request)
    data = await load_body(request, SubscriptionSchema)
    if data["target_url"].startswith("http://") and not request.app[SETTINGS].dev:
        raise ValidationFailed.field("/targetUrl", "must be https")
    secret = data.get("secret") or secrets.token_urlsafe(32)
    async with transaction(request.app[DB_POOL]) as conn:

        async def work() -> dict[str, Any]:
            row = await queries.insert_subscription(
                conn, id=uuid.uuid4(), consumer=identity.consumer or identity.sub, target_url=data["target_url"],
                resource_types=data["resource_types"], secret=secret, expires_at=data["expires_at"],
            )  # fmt: skip
            return CreatedSubscriptionSchema().dump({**dict(row), "signing_secret": secret})

        outcome = await create_once(conn, request, SubscriptionSchema().dump(data), work)
    return json_response(request, outcome.body, status=outcome.status)


async def list_subscriptions(request: web.Request) -> web.Response:
    """The caller's subscriptions (all of them for an administrator)."""
    identity = _manager(request)
    async with request.app[DB_POOL].acquire() as conn:
        rows = await queries.list_subscriptions(conn, consumer=_owner(identity))
    return json_response(
        request, {"data": SubscriptionSchema(many=True).dump([dict(r) for r in rows]), "pageToken": None}
    )


async def _own(request: web.Request, conn: Any) -> Any:
    identity = _manager(request)
    row = found(await queries.get_subscription(conn, id=path_id(request)), "subscription")
    if _owner(identity) not in (None, row["consumer"]):
        found(None, "subscription")
    return row


async def delete_subscription(request: web.Request) -> web.Response:
    """Stop a subscription."""
    async with transaction(request.app[DB_POOL]) as conn:
        row = await _own(request, conn)
        await queries.delete_subscription(conn, id=row["id"])
    return web.Response(status=204)


async def list_deliveries(request: web.Request) -> web.Response:
    """The newest 100 delivery attempts of a subscription."""
    async with request.app[DB_POOL].acquire() as conn:
        row = await _own(request, conn)
        rows = await queries.deliveries(conn, subscription_id=row["id"], limit=100)
    data = [{"id": r["id"], "eventId": str(r["event_id"]), "attempt": r["attempt"], "statusCode": r["status_code"],
             "error": r["error"], "durationMs": r["duration_ms"], "attemptedAt": r["attempted_at"].isoformat(),
             "delivered": r["delivered_at"] is not None, "gaveUp": r["gave_up_at"] is not None}
            for r in rows]  # fmt: skip
    return json_response(request, {"data": data, "pageToken": None})


_T = ("webhooks",)
_S = "/v1/webhooks/subscriptions"
ENDPOINTS = [
    Endpoint("POST", _S, create_subscription, "Subscribe to change notifications", "createWebhookSubscription",
             tags=_T, body=SubscriptionSchema, response=CreatedSubscriptionSchema, status=201,
             headers=("Idempotency-Key",)),
    Endpoint("GET", _S, list_subscriptions, "List webhook subscriptions", "listWebhookSubscriptions", tags=_T,
             response=SubscriptionListSchema),
    Endpoint("DELETE", _S + "/{id}", delete_subscription, "Stop a subscription", "deleteWebhookSubscription",
             tags=_T, status=204, errors=(404,)),
    Endpoint("GET", _S + "/{id}/deliveries", list_deliveries, "Delivery log of a subscription",
             "listWebhookDeliveries", tags=_T, response=DeliveryListSchema, errors=(404,)),
]  # fmt: skip
