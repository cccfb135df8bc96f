"""Gateway authentication: who is calling (bearer JWT person, or anonymous visitor)."""

from __future__ import annotations

from aiohttp import web

from services.gateway.tokens import JwtConfig, verify_token
from shared.errors import Unauthorized
from shared.identity import IDENTITY, Identity
from shared.middlewares import Handler, request_id_of

JWT_CONFIG = web.AppKey("jwt_config", JwtConfig)


def anonymous(request: web.Request) -> Identity:
    """An anonymous visitor, limited and counted by client address."""
    return Identity(
        sub="anonymous", kind="anonymous", consumer=f"ip:{request.remote}", request_id=request_id_of(request)
    )


def authenticate_request(request: web.Request) -> Identity:
    """Read the credentials; a bad credential is a 401, never a silent fall-back to anonymous."""
    auth = request.headers.get("Authorization")
    if auth is None:
        return anonymous(request)
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Use 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": 'Bearer realm="lotsen"'})
    return verify_token(request.app[JWT_CONFIG], token.strip(), request_id_of(request))


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Attach the caller's identity to the request for routing and authorisation."""
    request[IDENTITY] = authenticate_request(request)
    return await handler(request)
