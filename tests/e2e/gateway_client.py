"""A client for one service's API through the gateway, shaped like aiohttp's test client."""

from __future__ import annotations

import aiohttp

from services.gateway.tokens import JwtConfig, mint_token
from tests.helpers import JWT_SECRET

DEV_JWT = JwtConfig(JWT_SECRET.encode(), "lotsen-dev", "lotsen")


def bearer(sub: str, *roles: str) -> dict[str, str]:
    """The Authorization header of a signed-in person (the e2e suite uses the test JWT secret)."""
    return {"Authorization": f"Bearer {mint_token(DEV_JWT, sub=sub, roles=roles, ttl=3600)}"}


class GatewayClient:
    """``client.get('/v1/...')`` → ``GET {gateway}{prefix}/v1/...`` on a shared session."""

    def __init__(self, session: aiohttp.ClientSession, base: str, prefix: str) -> None:
        self.session, self.base, self.prefix = session, base, prefix

    def _url(self, path: str) -> str:
        return f"{self.base}{self.prefix}{path}"

    def get(self, path: str, **kw):
        """GET through the gateway."""
        return self.session.get(self._url(path), **kw)

    def post(self, path: str, **kw):
        """POST through the gateway."""
        return self.session.post(self._url(path), **kw)

    def put(self, path: str, **kw):
        """PUT through the gateway."""
        return self.session.put(self._url(path), **kw)

    def delete(self, path: str, **kw):
        """DELETE through the gateway."""
        return self.session.delete(self._url(path), **kw)
