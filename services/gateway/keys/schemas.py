"""Request and response shapes of the key management API (camelCase on the wire)."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields, validate, validates

from services.gateway.keys.domain import KEY_SCOPES


class KeyCreateSchema(Schema):
    """A new key: who it is for, what it may do, how much, until when."""

    name = fields.String(required=True, validate=validate.Length(1, 100))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(KEY_SCOPES)), required=True, validate=validate.Length(1, 10)
    )
    rate_per_second = fields.Integer(data_key="ratePerSecond", load_default=10, validate=validate.Range(1, 10_000))
    daily_quota = fields.Integer(data_key="dailyQuota", load_default=10_000, validate=validate.Range(1, 1_000_000_000))
    expires_at = fields.AwareDateTime(data_key="expiresAt", load_default=None, allow_none=True)

    @validates("expires_at")
    def _future(self, value: datetime | None, **kwargs: object) -> None:
        if value is not None and value <= datetime.now(UTC):
            raise ValidationError("must be in the future")


class KeySchema(Schema):
    """A key as the API shows it: never the secret or its hash."""

    id = fields.UUID(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True, metadata={"description": "Lookup prefix (the key starts lsk_<prefix>_)"})
    scopes = fields.Method("_scopes", required=True, metadata={"type": "array", "items": {"type": "string"}})
    rate_per_second = fields.Integer(data_key="ratePerSecond", required=True)
    daily_quota = fields.Integer(data_key="dailyQuota", required=True)
    expires_at = fields.DateTime(data_key="expiresAt", allow_none=True, required=True)
    revoked_at = fields.DateTime(data_key="revokedAt", allow_none=True, required=True)
    created_at = fields.DateTime(data_key="createdAt", required=True)
    created_by = fields.String(data_key="createdBy", required=True)
    status = fields.Method("_status", required=True, metadata={"enum": ["active", "revoked", "expired"]})

    def _scopes(self, key) -> list[str]:
        return sorted(key.scopes)

    def _status(self, key) -> str:
        return key.status(datetime.now(UTC))


class KeyCreatedSchema(KeySchema):
    """The answer to a create: the full key, shown this once (absent on an idempotent replay)."""

    key = fields.String(allow_none=True, metadata={"description": "The API key; store it now, it is never shown again"})


class KeyListSchema(Schema):
    """One page of keys."""

    data = fields.List(fields.Nested(KeySchema), required=True)
    page_token = fields.String(data_key="pageToken", allow_none=True, required=True)
