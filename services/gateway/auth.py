"""Gateway authentication: who is calling — an API key (system), a bearer JWT (person), or anonymous."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from services.gateway.clientaddr import client_of
from services.gateway.jwks import JwksCache
from services.gateway.keys.cache import KEY_CACHE
from services.gateway.keys.domain import ApiKey, key_matches, prefix_of
from services.gateway.tokens import JwtConfig, verify_token
from shared.errors import Unauthorized
from shared.identity import Identity
from shared.middlewares import request_id_of

JWT_CONFIG = web.AppKey("jwt_config", JwtConfig)
JWKS = web.AppKey("jwks", JwksCache | None)
API_KEY = web.RequestKey("api_key", ApiKey)
_BEARER = {"WWW-Authenticate": 'Bearer realm="lotsen"'}


def anonymous(request: web.Request) -> Identity:
    """An anonymous visitor, limited and counted by client address."""
    return Identity(
        sub="anonymous", kind="anonymous", consumer=f"ip:{client_of(request)}", request_id=request_id_of(request)
    )


async def key_identity(request: web.Request, raw: str) -> Identity:
    """Check an API key (format, hash, revocation, expiry) and return the system identity it stands for."""
    prefix = prefix_of(raw.strip())
    key = await request.app[KEY_CACHE].get(prefix) if prefix else None
    if key is None or not key_matches(key, raw.strip()):
        raise Unauthorized("Invalid API key", headers=_BEARER)
    status = key.status(datetime.now(UTC))
    if status != "active":
        raise Unauthorized(f"This API key is {status}", headers=_BEARER)
    request[API_KEY] = key
    return Identity(
        sub=key.consumer,
        kind="system",
        scopes=key.scopes,
        consumer=key.consumer,
        request_id=request_id_of(request),
    )


async def authenticate_request(request: web.Request) -> Identity:
    """Read the credentials; a bad credential is a 401, never a silent fall-back to anonymous."""
    auth = request.headers.get("Authorization")
    api_key = request.headers.get("X-API-Key")
    if auth is not None and api_key is not None:
        raise Unauthorized("Send one credential: an API key or a bearer token, not both", headers=_BEARER)
    if api_key is not None:
        return await key_identity(request, api_key)
    if auth is None:
        return anonymous(request)
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "apikey" and token.strip():
        return await key_identity(request, token)
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Use 'Authorization: Bearer <token>' or 'X-API-Key: <key>'", headers=_BEARER)
    app = request.app
    return await verify_token(app[JWT_CONFIG], token.strip(), request_id_of(request), app[JWKS])
