"""HTTP handlers of ``/api/gateway/v1/keys`` (admins only; the route table enforces it)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web

from services.gateway.keys import service
from services.gateway.keys.cache import KEY_CACHE
from services.gateway.keys.schemas import KeyCreatedSchema, KeyCreateSchema, KeyListSchema, KeySchema
from shared.body import load_body
from shared.db import DB_POOL
from shared.errors import BadRequest, NotFound
from shared.etag import json_response
from shared.idempotency import HEADER as IDEMPOTENCY
from shared.idempotency import idempotency_key
from shared.identity import IDENTITY, INTERNAL_SECRET
from shared.openapi import Endpoint
from shared.pagination import PageTokens, page_of, page_request

_key = KeySchema()
_created = KeyCreatedSchema()
BASE = "/api/gateway/v1/keys"


def _key_id(request: web.Request) -> UUID:
    try:
        return UUID(request.match_info["key_id"])
    except ValueError:
        raise NotFound("No such API key") from None


async def create_key(request: web.Request) -> web.Response:
    """Create a key; the full key is in this answer only."""
    data = await load_body(request, KeyCreateSchema)
    key, secret, replayed = await service.create_key(
        request.app[DB_POOL],
        created_by=request[IDENTITY].consumer,
        idempotency_key=idempotency_key(request),
        **data,
    )
    body = _created.dump(key) | {"key": secret}
    headers = {"Location": f"{BASE}/{key.id}", "Cache-Control": "no-store"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(request, body, status=201, headers=headers)


async def list_keys(request: web.Request) -> web.Response:
    """Every key, oldest first, in keyset pages; never the secret."""
    tokens = PageTokens(request.app[INTERNAL_SECRET], "gateway.keys")
    page = page_request(request, tokens)
    after = None
    if page.after is not None:
        try:
            after = (datetime.fromisoformat(page.after[0]), UUID(page.after[1]))
        except (ValueError, IndexError, TypeError):
            raise BadRequest("pageToken is not a token this list issued") from None
    keys = await service.list_keys(request.app[DB_POOL], after=after, limit=page.limit)
    rows, token, headers = page_of(request, tokens, keys, page, key=lambda k: (k.created_at.isoformat(), str(k.id)))
    return json_response(request, {"data": _key.dump(rows, many=True), "pageToken": token}, headers=headers)


async def get_key(request: web.Request) -> web.Response:
    """One key."""
    key = await service.get_key(request.app[DB_POOL], key_id=_key_id(request))
    return json_response(request, _key.dump(key))


async def _revoke(request: web.Request):
    key = await service.revoke_key(request.app[DB_POOL], key_id=_key_id(request))
    request.app[KEY_CACHE].invalidate(key.prefix)  # at once here; other replicas within the cache time
    return key


async def delete_key(request: web.Request) -> web.Response:
    """Revoke a key (the record stays, for audit)."""
    await _revoke(request)
    return web.Response(status=204)


async def revoke_key(request: web.Request) -> web.Response:
    """Revoke a key and show it."""
    return json_response(request, _key.dump(await _revoke(request)))


_TAGS = ("gateway keys",)
_ITEM = BASE + "/{key_id}"
ENDPOINTS = [
    Endpoint(
        "POST",
        BASE,
        create_key,
        "Create an API key (shown once)",
        "createApiKey",
        tags=_TAGS,
        body=KeyCreateSchema,
        response=KeyCreatedSchema,
        status=201,
        headers=(IDEMPOTENCY,),
    ),
    Endpoint(
        "GET", BASE, list_keys, "List API keys", "listApiKeys", tags=_TAGS, response=KeyListSchema, errors=(400, 422)
    ),
    Endpoint("GET", _ITEM, get_key, "Get an API key", "getApiKey", tags=_TAGS, response=KeySchema, errors=(404,)),
    Endpoint("DELETE", _ITEM, delete_key, "Revoke an API key", "deleteApiKey", tags=_TAGS, status=204, errors=(404,)),
    Endpoint(
        "POST",
        _ITEM + "/revoke",
        revoke_key,
        "Revoke an API key and show it",
        "revokeApiKey",
        tags=_TAGS,
        response=KeySchema,
        errors=(404,),
    ),
]
