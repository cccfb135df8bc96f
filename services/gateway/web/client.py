"""The one place pages call the services: through the gateway's upstream client, as the signed-in person.

Every call goes the way proxied requests go (:func:`services.gateway.upstream.fetch`): the service's
circuit breaker, the gateway's deadline (``LOTSEN_UPSTREAM_DEADLINE``, or ``LOTSEN_UPLOAD_DEADLINE`` for
uploads), replicas round robin, one retry where it is safe. It carries the signed ``X-Lotsen-Identity``
of whoever looks at the page (or an anonymous visitor) and the request id. Answers come back as
:class:`Reply`; a service that is down, open-breakered or too slow raises :class:`ServiceDown`, which
the pages show as "try again in a moment".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
from aiohttp import web

from services.gateway.config import GATEWAY_CONFIG
from services.gateway.upstream import Call, UpstreamPool, fetch
from services.gateway.web.session import page_identity
from shared.errors import GatewayTimeout, NotFound, ServiceUnavailable
from shared.identity import HEADER, INTERNAL_SECRET, sign_identity
from shared.middlewares import request_id_of

POOLS_OF = web.AppKey("web_pools_of", Callable[[web.Application], Mapping[str, UpstreamPool]])
_PATH_SAFE = "/:@!$&'()*+,;=~"  # RFC 3986 pchar punctuation: kept; everything else in an id is encoded


class ServiceDown(Exception):
    """A service did not answer (refused, reset or past the deadline)."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


@dataclass(slots=True)
class Reply:
    """A service's answer: status, decoded JSON (or None) and raw body, headers."""

    status: int
    body: Any
    raw: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """2xx."""
        return 200 <= self.status < 300

    def field_errors(self) -> dict[str, str]:
        """A 422 problem's errors as ``{pointer: message}`` (first message per pointer)."""
        out: dict[str, str] = {}
        if isinstance(self.body, dict):
            for err in self.body.get("errors") or []:
                out.setdefault(str(err.get("pointer", "")), str(err.get("message", "")))
        return out

    @property
    def detail(self) -> str:
        """A problem's detail (or title) for showing to a person."""
        if isinstance(self.body, dict):
            return str(self.body.get("detail") or self.body.get("title") or "")
        return ""


def target(path: str, params: Mapping[str, Any] | list[tuple[str, str]] | None) -> str:
    """The request target: the path with every value percent-encoded, and the query.

    Paths are built from values a visitor typed into the URL (``/sfi/groups/{id}``), decoded by the router:
    they are encoded again here, and a ``.`` or ``..`` segment (a way to another route) is refused.
    """
    if any(part in (".", "..") for part in path.split("/")):
        raise NotFound("No such page")
    encoded = quote(path, safe=_PATH_SAFE)
    return f"{encoded}?{urlencode(params)}" if params else encoded


async def call(
    request: web.Request,
    service: str,
    method: str,
    path: str,
    *,
    params: Mapping[str, Any] | list[tuple[str, str]] | None = None,
    json_body: Any = None,
    data: aiohttp.FormData | None = None,
    headers: Mapping[str, str] | None = None,
    upload: bool = False,
) -> Reply:
    """Call ``service`` (``validation`` or ``sfi``) at its own path (``/v1/...``) as the page's visitor."""
    out = {
        HEADER: sign_identity(page_identity(request), request.app[INTERNAL_SECRET]),
        "X-Request-ID": request_id_of(request),
        "Accept": "application/json",
        **(headers or {}),
    }
    body = None
    if json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode()
        out["Content-Type"] = "application/json"
    elif data is not None:
        payload = data()
        body = await payload.as_bytes()
        out["Content-Type"] = payload.content_type
    config = request.app[GATEWAY_CONFIG]
    deadline = config.upload_deadline if upload else config.upstream_deadline
    pool = request.app[POOLS_OF](request.app)[service]
    try:
        status, answer_headers, raw = await fetch(pool, Call(method, target(path, params), out, body, deadline))
    except (ServiceUnavailable, GatewayTimeout):
        raise ServiceDown(service) from None
    return Reply(status, _decode(answer_headers, raw), raw, answer_headers)


def _decode(headers: Mapping[str, str], raw: bytes) -> Any:
    if "json" not in headers.get("Content-Type", "") or not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None
