"""Keyset pagination with opaque, signed page tokens (a tampered token is a 400)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from shared.errors import BadRequest, ValidationFailed
from shared.middlewares import public_path

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_MAC_BYTES = 12


@dataclass(frozen=True, slots=True)
class PageTokens:
    """Signs and checks page tokens for one list; a token from another list or filter is refused."""

    secret: bytes
    scope: str

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self.secret, self.scope.encode() + b"|" + payload, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, key: Sequence[Any], filters: str = "") -> str:
        """Wrap the last row's sort key (and a fingerprint of the filters) into a token."""
        payload = json.dumps([list(key), filters], separators=(",", ":"), default=str).encode()
        return base64.urlsafe_b64encode(self._mac(payload) + payload).rstrip(b"=").decode()

    def decode(self, token: str, filters: str = "") -> list[Any]:
        """Return the sort key inside ``token``; 400 when it was altered or belongs elsewhere."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, UnicodeError):
            raise BadRequest("pageToken is not a token this list issued") from None
        mac, payload = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
        if len(mac) != _MAC_BYTES or not hmac.compare_digest(mac, self._mac(payload)):
            raise BadRequest("pageToken is not a token this list issued")
        key, token_filters = json.loads(payload)
        if token_filters != filters:
            raise BadRequest("pageToken belongs to a list with other filters")
        return key


@dataclass(frozen=True, slots=True)
class PageRequest:
    """The caller's ``limit`` and decoded position."""

    limit: int
    after: list[Any] | None


def filters_fingerprint(query: Mapping[str, str]) -> str:
    """A short, stable fingerprint of every query parameter except the paging ones."""
    items = sorted((k, v) for k, v in query.items() if k not in ("limit", "pageToken"))
    return hashlib.blake2b(json.dumps(items).encode(), digest_size=8).hexdigest() if items else ""


def page_request(request: web.Request, tokens: PageTokens) -> PageRequest:
    """Read ``limit`` (default 50, max 500) and ``pageToken`` from the query string."""
    raw = request.query.get("limit")
    limit = DEFAULT_LIMIT
    if raw is not None:
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
            raise ValidationFailed.field("/limit", f"(query) must be a whole number from 1 to {MAX_LIMIT}")
        limit = int(raw)
    token = request.query.get("pageToken")
    after = tokens.decode(token, filters_fingerprint(request.query)) if token else None
    return PageRequest(limit=limit, after=after)


def page_of(
    request: web.Request,
    tokens: PageTokens,
    rows: Sequence[Any],
    page: PageRequest,
    key: Callable[[Any], Sequence[Any]],
) -> tuple[Sequence[Any], str | None, dict[str, str]]:
    """Cut ``rows`` (fetched with ``limit + 1``) to one page; return rows, next token and Link header."""
    if len(rows) <= page.limit:
        return rows, None, {}
    rows = rows[: page.limit]
    return rows, *next_page(request, tokens, key(rows[-1]))


def next_page(request: web.Request, tokens: PageTokens, last: Sequence[Any]) -> tuple[str, dict[str, str]]:
    """The token of the page after the row whose sort key is ``last``, and the Link header to it."""
    token = tokens.encode(last, filters_fingerprint(request.query))
    params = {k: v for k, v in request.query.items() if k != "pageToken"}
    params["pageToken"] = token
    url = f"{public_path(request)}?{urlencode(params)}"  # behind the gateway: the URL the client can follow
    return token, {"Link": f'<{url}>; rel="next"'}
