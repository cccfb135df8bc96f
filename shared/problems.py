"""RFC 9457 problem-details responses: the one way any Lotsen part reports an error."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web

from shared.errors import FieldError

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://lotsen.se/problems/"

_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    414: "uri-too-long",
    415: "unsupported-media-type",
    422: "validation-error",
    428: "precondition-required",
    429: "rate-limited",
    431: "request-header-fields-too-large",
    500: "internal-error",
    502: "bad-gateway",
    503: "service-unavailable",
    504: "gateway-timeout",
}


def slug_for(status: int) -> str:
    """Problem slug for a bare HTTP status."""
    return _SLUGS.get(status, "http-error")


def problem_body(
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str,
    request_id: str,
    errors: Iterable[FieldError] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the problem document."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "request_id": request_id,
    }
    if errors is not None:
        body["errors"] = [{"pointer": e.pointer, "message": e.message} for e in errors]
    if extra:
        for key, value in extra.items():
            body.setdefault(key, value)
    return body


def problem_response(body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> web.Response:
    """Serialise a problem document with the right media type."""
    return web.Response(
        status=int(body["status"]),
        body=json.dumps(body, ensure_ascii=False, default=str).encode(),
        content_type=PROBLEM_JSON,
        headers=headers,
    )
