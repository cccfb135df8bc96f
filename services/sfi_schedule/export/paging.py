"""The standard's paging: ``limit`` and an opaque ``pageToken`` that carries the filters and the position.

A follow-up request sends the token alone (with ``limit`` if it likes); the same filters again are accepted,
other filters are the standard's 400. The token is signed, so it cannot be altered or used on another list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from shared.body import SchemaArg, load_query
from shared.errors import BadRequest, ValidationFailed
from shared.identity import INTERNAL_SECRET
from shared.middlewares import public_path
from shared.pagination import MAX_LIMIT, PageTokens

_PAGING = ("pageToken", "limit")
Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ListRequest:
    """A list request: its loaded filters, the raw filters (for the next token), the position and the limit."""

    query: dict[str, Any]
    raw: list[list[str]]
    after: Key | None
    limit: int


def _limit(request: web.Request) -> int:
    raw = request.query.get("limit")
    if raw is None:
        return MAX_LIMIT  # "as many as the server can": the contract's maximum page
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationFailed.field("/limit", "must be a whole number of at least 1")
    return min(int(raw), MAX_LIMIT)


def read_list(request: web.Request, schema: SchemaArg, scope: str) -> ListRequest:
    """Parse a list request, taking the filters from its ``pageToken`` when it has one."""
    raw = sorted([k, v] for k, v in request.query.items() if k not in _PAGING)
    token, limit = request.query.get("pageToken"), _limit(request)
    after = None
    if token:
        position, token_raw = PageTokens(request.app[INTERNAL_SECRET], scope).decode(token)
        if raw and raw != token_raw:
            raise BadRequest("pageToken cannot be combined with other filters than limit")
        raw, after = token_raw, tuple(position)
        request = request.clone(rel_url=request.rel_url.with_query([*map(tuple, raw), ("pageToken", token)]))
    return ListRequest(load_query(request, schema), raw, after, limit)


def page(
    request: web.Request,
    items: Sequence[Any],
    lr: ListRequest,
    scope: str,
    *,
    key: Callable[[Any], Key],
    descending: bool = False,
) -> tuple[dict[str, Any], dict[str, str]]:
    """One page of ``items`` in ``key`` order (the key ends with the id, so it is unique): body and headers."""
    keyed = sorted(((key(i), i) for i in items), key=lambda pair: pair[0], reverse=descending)
    if lr.after is not None:
        keyed = [p for p in keyed if (p[0] < lr.after if descending else p[0] > lr.after)]
    if len(keyed) <= lr.limit:
        return {"data": [i for _, i in keyed], "pageToken": None}, {}
    shown = keyed[: lr.limit]
    token = PageTokens(request.app[INTERNAL_SECRET], scope).encode([list(shown[-1][0]), lr.raw])
    limit = request.query.get("limit")
    link = f"{public_path(request)}?{urlencode([('pageToken', token), *([('limit', limit)] if limit else [])])}"
    return {"data": [i for _, i in shown], "pageToken": token}, {"Link": f'<{link}>; rel="next"'}
