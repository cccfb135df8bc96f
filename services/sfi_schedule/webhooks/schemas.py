"""Request and response shapes of webhook subscriptions and their delivery log."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, validate

from shared import fields
from shared.outbox.signing import secret_key

RESOURCE_TYPES = ("group", "publication")


def _secret(value: str) -> None:
    try:
        secret_key(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class SubscriptionSchema(Schema):
    """A webhook subscription; the secret is returned only when it is created."""

    id = fields.UUID(dump_only=True)
    targetUrl = fields.String(required=True, attribute="target_url", validate=validate.Length(min=1, max=2000),
                              metadata={"description": "A public https URL (http outside production); checked "
                                        "against internal addresses now and at every delivery"})  # fmt: skip
    resourceTypes = fields.List(fields.String(validate=validate.OneOf(RESOURCE_TYPES)), required=True,
                                attribute="resource_types", validate=validate.Length(min=1))  # fmt: skip
    secret = fields.String(load_only=True, validate=_secret,
                           metadata={"description": "Standard Webhooks secret, whsec_ + base64 of 24-256 bytes; "
                                     "generated when left out"})  # fmt: skip
    expiresAt = fields.AwareDateTime(attribute="expires_at", allow_none=True, load_default=None)
    createdAt = fields.DateTime(dump_only=True, attribute="created_at")


class CreatedSubscriptionSchema(SubscriptionSchema):
    """The created subscription, with its signing secret (shown once)."""

    signingSecret = fields.String(attribute="signing_secret")


class SubscriptionListSchema(Schema):
    """Subscriptions."""

    data = fields.List(fields.Nested(SubscriptionSchema), required=True)
    pageToken = fields.String(allow_none=True)


class DeliverySchema(Schema):
    """One delivery attempt: which message, and whether it was delivered, refused or failed (no other detail)."""

    id = fields.Integer()
    messageId = fields.UUID(attribute="event_id", metadata={"description": "The webhook-id header"})
    type = fields.String(attribute="topic")
    sequence = fields.Integer()
    attempt = fields.Integer()
    outcome = fields.String(validate=validate.OneOf(("delivered", "refused", "failed")))
    attemptedAt = fields.AwareDateTime(attribute="attempted_at")


class DeliveryListSchema(Schema):
    """Delivery attempts, newest first."""

    data = fields.List(fields.Nested(DeliverySchema), required=True)
    pageToken = fields.String(allow_none=True)
