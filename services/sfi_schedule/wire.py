"""What the service's handlers share on the wire: JSON-ready values, UUID path parameters and list pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from aiohttp import web
from marshmallow import Schema, validate

from shared import fields
from shared.errors import NotFound
from shared.etag import json_response
from shared.identity import INTERNAL_SECRET
from shared.pagination import MAX_LIMIT, PageRequest, PageTokens, next_page

Key = Callable[[Any], list[Any]]


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


def path_id(request: web.Request, name: str = "id") -> UUID:
    """A UUID path parameter; anything else is a 404 (no such resource)."""
    try:
        return UUID(request.match_info[name])
    except ValueError:
        raise NotFound("No such resource") from None


class PageQuerySchema(Schema):
    """Keyset paging of a list: ``limit`` (default 50) and the ``pageToken`` of the previous page."""

    limit = fields.Integer(validate=validate.Range(1, MAX_LIMIT))
    pageToken = fields.String()


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: its items, and the sort key of the last one when more follow (else ``None``)."""

    items: list[Any]
    last: list[Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # members of the answer besides data and pageToken


def cut(rows: Sequence[Any], page: PageRequest, key: Key) -> Page:
    """The page of ``rows`` fetched with ``limit + 1`` (the extra row only tells that more follow)."""
    if len(rows) <= page.limit:
        return Page(list(rows))
    shown = list(rows[: page.limit])
    return Page(shown, [str(k) if isinstance(k, UUID) else k for k in key(shown[-1])])


def slice_after(items: Sequence[Any], key: Key, page: PageRequest) -> Page:
    """The page of an in-memory list sorted by ``key``: the items after the token's key, at most ``limit``."""
    start = 0
    if page.after is not None:
        after = list(page.after)
        start = next((i for i, item in enumerate(items) if key(item) > after), len(items))
    return cut(items[start : start + page.limit + 1], page, key)


def tokens(request: web.Request, scope: str) -> PageTokens:
    """The signer of one list's page tokens (a token of another list is refused)."""
    return PageTokens(request.app[INTERNAL_SECRET], scope)


def list_response(
    request: web.Request, signer: PageTokens, page: Page, headers: Mapping[str, str] | None = None
) -> web.Response:
    """``{"data": [...], "pageToken": ...}`` with a ``Link: rel="next"`` header when more follow."""
    token, link = next_page(request, signer, page.last) if page.last is not None else (None, {})
    body = {"data": page.items, **page.extra, "pageToken": token}
    return json_response(request, body, headers={**(headers or {}), **link})


def spoken(lang: str) -> dict[str, str]:
    """The headers of an answer whose texts for people follow ``Accept-Language``: caches keep one per language."""
    return {"Content-Language": lang, "Vary": "Accept-Language"}
