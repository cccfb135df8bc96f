"""JSON-ready values for responses and stored idempotent answers (ISO 8601 dates, string UUIDs)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from aiohttp import web

from shared.errors import NotFound


def jsonable(value: Any) -> Any:
    """Convert dates, times and UUIDs (recursively) to their ISO/string forms."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def path_uuid(request: web.Request, name: str = "id") -> UUID:
    """A UUID path parameter; anything else is a 404."""
    try:
        return UUID(request.match_info[name])
    except ValueError:
        raise NotFound("No such resource") from None
