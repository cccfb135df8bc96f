"""ETags: strong tags from content, 304 on ``If-None-Match``, 412 on stale ``If-Match``."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson
from aiohttp import web

from shared.errors import PreconditionFailed, PreconditionRequired


def etag_of(body: bytes) -> str:
    """A strong ETag derived from the representation bytes.

    SHA-256 cut to 96 bits: OpenSSL's SHA-256 runs on the CPU's SHA instructions, about twice as fast as BLAKE2b
    here (a 20 kB list page: ~15 µs against ~33 µs).
    """
    return '"' + hashlib.sha256(body).hexdigest()[:24] + '"'


def etag_of_version(version: int | str) -> str:
    """A strong ETag for a row that carries a version counter."""
    return f'"v{version}"'


def _matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    bare = etag.removeprefix("W/")
    return any(t.removeprefix("W/") == bare for t in tags)


def not_modified(request: web.Request, etag: str) -> bool:
    """True when the client's ``If-None-Match`` already names ``etag``."""
    header = request.headers.get("If-None-Match")
    return header is not None and _matches(header, etag)


# orjson writes the same compact UTF-8 JSON as ``json.dumps(ensure_ascii=False, separators=(",", ":"),
# default=str)`` about five times faster (a matching answer spent a seventh of its CPU in the encoder).
# Dates, times and dataclasses pass through to ``default=str`` as they did; non-string keys become strings.
_ORJSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


def dumps(payload: Any) -> bytes:
    """Compact UTF-8 JSON, the one serialisation every JSON response uses."""
    try:
        return orjson.dumps(payload, default=str, option=_ORJSON)
    except orjson.JSONEncodeError:  # what orjson refuses and json takes (an integer beyond 64 bits, say)
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def json_response(
    request: web.Request,
    payload: Any,
    *,
    status: int = 200,
    etag: str | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """A JSON response with an ETag; answers 304 when the client's copy is current."""
    body = dumps(payload)
    tag = etag or etag_of(body)
    hdrs = {"ETag": tag, **(headers or {})}
    if status == 200 and not_modified(request, tag):
        return web.Response(status=304, headers=hdrs)
    return web.Response(status=status, body=body, content_type="application/json", headers=hdrs)


def check_if_match(request: web.Request, current: str, *, required: bool = True) -> None:
    """Refuse an update whose ``If-Match`` is stale (412) or, when required, missing (428)."""
    header = request.headers.get("If-Match")
    if header is None:
        if required:
            raise PreconditionRequired("Send If-Match with the ETag you last read")
        return
    if not _matches(header, current):
        raise PreconditionFailed("The resource changed since you read it; read it again and retry")
