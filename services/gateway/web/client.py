"""The one place pages call the services: through the gateway's upstream pools, as the signed-in person.

Every call carries the signed ``X-Lotsen-Identity`` of whoever looks at the page (or an anonymous
visitor), the request id, and a deadline. Answers come back as :class:`Reply`; a service that is down or
too slow raises :class:`ServiceDown`, which the pages show as "try again in a moment".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from services.gateway.upstream import UpstreamPool
from services.gateway.web.session import page_identity
from shared.identity import HEADER, INTERNAL_SECRET, sign_identity
from shared.middlewares import request_id_of

POOLS_OF = web.AppKey("web_pools_of", Callable[[web.Application], Mapping[str, UpstreamPool]])
DEADLINE = 8.0
UPLOAD_DEADLINE = 60.0


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


def _pool(request: web.Request, service: str) -> UpstreamPool:
    return request.app[POOLS_OF](request.app)[service]


async def call(
    request: web.Request,
    service: str,
    method: str,
    path: str,
    *,
    params: Mapping[str, Any] | list[tuple[str, str]] | None = None,
    json_body: Any = None,
    data: Any = None,
    headers: Mapping[str, str] | None = None,
    deadline: float = DEADLINE,
) -> Reply:
    """Call ``service`` (``validation`` or ``sfi``) at its own path (``/v1/...``) as the page's visitor."""
    pool = _pool(request, service)
    identity = page_identity(request)
    out = {
        HEADER: sign_identity(identity, request.app[INTERNAL_SECRET]),
        "X-Request-ID": request_id_of(request),
        "Accept": "application/json",
        **(headers or {}),
    }
    if json_body is not None:
        data = json.dumps(json_body, ensure_ascii=False).encode()
        out["Content-Type"] = "application/json"
    replica = pool.pick()
    timeout = aiohttp.ClientTimeout(total=deadline, sock_connect=2.0)
    try:
        async with pool.session.request(
            method, replica.url + path, params=params, data=data, headers=out, timeout=timeout, allow_redirects=False
        ) as resp:
            raw = await resp.read()
            return Reply(resp.status, _decode(resp, raw), raw, dict(resp.headers))
    except aiohttp.ClientConnectorError:
        pool.mark_down(replica)
        raise ServiceDown(service) from None
    except (TimeoutError, aiohttp.ClientError, OSError):
        raise ServiceDown(service) from None


def _decode(resp: aiohttp.ClientResponse, raw: bytes) -> Any:
    if "json" not in resp.headers.get("Content-Type", "") or not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None
