"""Schemas of publications: a request to publish, a publication with its diff, and a page of them."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate, validates_schema

from shared import fields


class PublicationRequestSchema(Schema):
    """Publish the draft now (``publishNow: true``) or at a time still ahead (``publishAt``); one of the two."""

    publishAt = fields.AwareDateTime(
        load_default=None, allow_none=True, attribute="publish_at",
        metadata={"description": "When to publish: later than now, at most a year ahead (with its offset)"},
    )  # fmt: skip
    publishNow = fields.Boolean(load_default=False, attribute="publish_now")
    note = fields.String(load_default="", validate=validate.Length(max=500))

    @validates_schema
    def _one_time(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("publish_now") and data.get("publish_at") is not None:
            raise ValidationError("publish now or at publishAt, not both", "publishNow")
        if not data.get("publish_now") and data.get("publish_at") is None:
            raise ValidationError("give the time to publish, or publishNow: true", "publishAt")


class PublicationSchema(Schema):
    """A publication: scheduled, published (immutable version with a diff) or cancelled."""

    id = fields.UUID()
    version = fields.Integer(allow_none=True)
    status = fields.String()
    publishAt = fields.DateTime(attribute="publish_at")
    publishedAt = fields.DateTime(attribute="published_at", allow_none=True)
    note = fields.String()
    createdAt = fields.DateTime(attribute="created_at")
    diff = fields.Dict(
        allow_none=True, metadata={"description": "added, removed, changed, occurrencesCancelled, summary"}
    )


class PublicationListSchema(Schema):
    """A page of publications, newest first."""

    data = fields.List(fields.Nested(PublicationSchema), required=True)
    pageToken = fields.String(allow_none=True)
