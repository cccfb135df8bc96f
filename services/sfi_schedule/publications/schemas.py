"""Schemas of publications: a request to publish, a publication with its diff, and a page of them."""

from __future__ import annotations

from marshmallow import Schema, validate

from shared import fields


class PublicationRequestSchema(Schema):
    """Publish the draft now (no publishAt) or at a given time."""

    publishAt = fields.AwareDateTime(load_default=None, allow_none=True, attribute="publish_at")
    note = fields.String(load_default="", validate=validate.Length(max=500))


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
