"""The SS 12000 error shape: ``{code, message}`` with 400 for any bad input (the standard has no 422).

The one mapper for this API, wrapped around each of its handlers; everything else (401 from the identity
check, 503 when the database is down) stays the service's problem+json.
"""

from __future__ import annotations

import functools
from typing import Any

import marshmallow
from aiohttp import web

from shared.errors import DomainError, ValidationFailed, marshmallow_errors
from shared.openapi import Handler

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The SS 12000 Error",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
}


def _response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


LIST_RESPONSES = {400: _response("A parameter is malformed, or pageToken came with other filters"),
                  403: _response("Not allowed")}  # fmt: skip
ITEM_RESPONSES = {400: _response("Malformed id or parameter"), 403: _response("Not allowed"),
                  404: _response("No such record")}  # fmt: skip


def _message(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(f"{e.pointer.lstrip('/')}: {e.message.removeprefix('(query) ')}" for e in exc.errors[:5])
    return exc.detail


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """An SS 12000 Error response."""
    return web.json_response({"code": code, "message": message}, status=status, headers=headers)


def standard_errors(handler: Handler) -> Handler:
    """Answer the handler's domain errors in the standard's shape (a 422 becomes the standard's 400)."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ValidationFailed as exc:
            return error(400, "invalid-parameter", _message(exc))
        except marshmallow.ValidationError as exc:
            fields = marshmallow_errors(exc.messages)
            return error(400, "invalid-parameter", _message(ValidationFailed(fields)))
        except DomainError as exc:
            return error(exc.status, exc.slug, _message(exc), exc.headers or None)

    return wrapper
