"""A micro-cache of public answers to anonymous GETs: a shared HTTP cache (RFC 9111) held for at most a second.

The public schedule is read far more than it changes, and the services already say so: the group list and
the courses answer ``Cache-Control: public, max-age=...``. Any shared cache in front of the gateway (a CDN,
a corporate proxy) may keep those answers for the whole ``max-age``; the gateway keeps them for at most
``LOTSEN_GATEWAY_MICROCACHE_SECONDS`` (default 1 s, ``0`` turns it off), so a burst of identical anonymous
reads costs the service one request a second and the gateway no upstream hop, while a change is never
seen more than that late. What it obeys (decision in docs/decisions.md):

* **Only anonymous GETs without a body** are looked up or stored. The route table has authorised them and
  the rate limit has counted them before the lookup: a hit skips the upstream hop, never a duty. A request
  with credentials is never anonymous, so nothing that depends on who asks can be served from here.
* **The request may refuse it:** ``Cache-Control: no-cache`` or ``max-age=0`` (and ``Pragma: no-cache``)
  forward the request and store the fresh answer; ``no-store`` forwards and stores nothing. Conditional
  requests (``If-None-Match``, ``If-Modified-Since``, ...) go to the service, which answers them.
* **Stored only when the service allows a shared cache to:** a 200 with ``Cache-Control`` ``public``,
  ``max-age`` or ``s-maxage`` above zero (``s-maxage`` first), and no ``private``, ``no-store``,
  ``no-cache`` or ``must-understand``; no ``Set-Cookie``; no ``Vary: *``; a buffered body of at most
  :data:`MAX_BODY` bytes. The time kept is the smaller of the freshness left (lifetime minus the answer's
  ``Age``) and the setting.
* **``Vary`` is honoured:** the request's values of the named headers are kept with the answer, and a
  request with other values is a miss (and its answer replaces the stored one).
* **Served with ``Age``** (whole seconds since the service answered, RFC 9111 §5.1); the gateway's own
  headers (request id, security headers) are added to a hit as to any answer.
* **Invalidated by writes:** a non-error answer to an unsafe method (POST, PUT, PATCH, DELETE) through this
  gateway drops everything stored for that service (RFC 9111 §4.4 asks for the target URI; the whole
  service is simpler and safe, since one write may change many lists). Changes the gateway does not see
  (another replica, a scheduled publication) are visible within the setting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

MAX_BODY = 256 * 1024  # bytes of one stored answer
MAX_BYTES = 16 * 1024 * 1024  # bodies stored per service; when full, the oldest entries go
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CONDITIONAL = ("If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range")
_REFUSE_STORE = frozenset({"private", "no-store", "no-cache", "must-understand"})

Clock = Callable[[], float]


def directives(value: str | None) -> dict[str, str]:
    """``Cache-Control`` as ``{directive: argument}`` (names lower-cased, quotes stripped; ``""`` without one)."""
    out: dict[str, str] = {}
    if not value:
        return out
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        if name:
            out[name.strip().lower()] = arg.strip().strip('"')
    return out


def _seconds(arg: str | None) -> int | None:
    return int(arg) if arg is not None and arg.isdigit() else None


def shared_lifetime(headers: CIMultiDictProxy[str] | CIMultiDict[str]) -> float:
    """Seconds a shared cache may keep this answer (0: not at all), from ``Cache-Control`` and ``Age``."""
    cc = directives(",".join(headers.getall("Cache-Control", ())))
    if _REFUSE_STORE.intersection(cc) or "Set-Cookie" in headers:
        return 0.0
    if "*" in (v.strip() for vary in headers.getall("Vary", ()) for v in vary.split(",")):
        return 0.0
    lifetime = _seconds(cc.get("s-maxage"))
    if lifetime is None:
        lifetime = _seconds(cc.get("max-age"))
    if lifetime is None:
        return 0.0  # no explicit freshness: heuristic freshness is allowed by RFC 9111, not used here
    age = _seconds(headers.get("Age")) or 0
    return float(max(0, lifetime - age))


@dataclass(slots=True)
class Entry:
    """One stored answer."""

    status: int
    headers: CIMultiDict[str]
    body: bytes
    vary: tuple[str, ...]
    varied: tuple[str | None, ...]
    stored_at: float
    expires: float
    age: int  # the Age the service's answer already had


class _Store:
    __slots__ = ("entries", "size")

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}  # oldest stored first
        self.size = 0

    def pop(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry.body)

    def add(self, key: str, entry: Entry) -> None:
        self.pop(key)
        while self.entries and self.size + len(entry.body) > MAX_BYTES:
            self.pop(next(iter(self.entries)))
        self.entries[key] = entry
        self.size += len(entry.body)


class MicroCache:
    """Answers stored per service, keyed by the request's raw path and query."""

    __slots__ = ("_clock", "_stores", "seconds")

    def __init__(self, seconds: float, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._stores: dict[str, _Store] = {}

    @property
    def enabled(self) -> bool:
        """False when the setting is 0."""
        return self.seconds > 0

    def eligible(self, request: web.Request, anonymous: bool) -> tuple[bool, bool]:
        """``(look up, store)`` for this request: only anonymous GETs without a body or conditions."""
        if not anonymous or request.method != "GET" or request.body_exists or self.seconds <= 0:
            return False, False
        headers = request.headers
        for name in CONDITIONAL:
            if name in headers:
                return False, False
        cc = headers.get("Cache-Control")
        if cc is None:
            if "no-cache" in headers.get("Pragma", "").lower():
                return False, True
            return True, True
        asked = directives(cc)
        if "no-store" in asked:
            return False, False
        return not ("no-cache" in asked or asked.get("max-age") == "0"), True

    def get(self, upstream: str, request: web.Request) -> web.Response | None:
        """A fresh stored answer for ``request`` (a new response object each time), or None."""
        store = self._stores.get(upstream)
        if store is None:
            return None
        key = request.raw_path
        entry = store.entries.get(key)
        if entry is None:
            return None
        now = self._clock()
        if now >= entry.expires:
            store.pop(key)
            return None
        if entry.vary and tuple(request.headers.get(name) for name in entry.vary) != entry.varied:
            return None
        response = web.Response(status=entry.status, body=entry.body, headers=entry.headers)  # copies the headers
        response.headers["Age"] = str(entry.age + int(now - entry.stored_at))
        return response

    def put(self, upstream: str, request: web.Request, response: web.StreamResponse) -> None:
        """Keep ``response`` (the relayed answer, before the gateway's own headers) if HTTP caching allows."""
        if response.status != 200 or not isinstance(response, web.Response):
            return
        body = response.body
        if not isinstance(body, bytes) or len(body) > MAX_BODY:
            return
        headers = response.headers
        lifetime = min(shared_lifetime(headers), self.seconds)
        if lifetime <= 0:
            return
        vary = tuple(v.strip() for value in headers.getall("Vary", ()) for v in value.split(",") if v.strip())
        now = self._clock()
        stored = CIMultiDict(headers)
        stored.popall("Age", None)
        entry = Entry(
            status=200,
            headers=stored,
            body=body,
            vary=vary,
            varied=tuple(request.headers.get(name) for name in vary),
            stored_at=now,
            expires=now + lifetime,
            age=_seconds(headers.get("Age")) or 0,
        )
        store = self._stores.get(upstream)
        if store is None:
            store = self._stores[upstream] = _Store()
        store.add(request.raw_path, entry)

    def invalidate(self, upstream: str) -> None:
        """Drop every answer stored for ``upstream`` (after a write through the gateway)."""
        self._stores.pop(upstream, None)


MICROCACHE = web.AppKey("microcache", MicroCache)
