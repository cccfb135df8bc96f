"""The provider's discovery document and signing keys, fetched on first use and cached.

Both are kept for ``LOTSEN_OIDC_CACHE_SECONDS``. An ID token signed with a key the cache does not know
(the provider rotated its keys) makes the sign-in refetch the key set once. Unlike the bearer-token JWKS
cache (``services/gateway/jwks.py``), refetches are not rate-limited: an ID token reaches the gateway only
from the provider's token endpoint, never from the browser, so nobody outside can make it refetch at will.
Concurrent sign-ins share one fetch.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt

from services.gateway.oidc.errors import SignInFailed

ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"})
WELL_KNOWN = "/.well-known/openid-configuration"


@dataclass(frozen=True, slots=True)
class Metadata:
    """What discovery says about the provider (OpenID Connect Discovery 1.0)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None

    @classmethod
    def parse(cls, doc: Any, issuer: str) -> Metadata:
        """Check a discovery document: its issuer must be exactly ours and the endpoints http(s) URLs."""
        if not isinstance(doc, dict) or doc.get("issuer") != issuer:
            raise ValueError("discovery issuer does not match LOTSEN_OIDC_ISSUER")
        urls = {}
        for name in (
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "userinfo_endpoint",
            "end_session_endpoint",
        ):
            value = doc.get(name)
            if value is not None and not (isinstance(value, str) and value.startswith(("https://", "http://"))):
                raise ValueError(f"discovery {name} is not a URL")
            urls[name] = value
        if not all(urls[n] for n in ("authorization_endpoint", "token_endpoint", "jwks_uri")):
            raise ValueError("discovery lacks an authorization, token or jwks endpoint")
        return cls(issuer=issuer, **urls)


@dataclass(frozen=True, slots=True)
class SigningKey:
    """One of the provider's public signature keys."""

    key: Any
    kty: str
    alg: str | None  # as the JWK declares it; None when it does not

    def fits(self, alg: str) -> bool:
        """True when a token signed with ``alg`` may be checked with this key."""
        family = {"RSA": ("RS", "PS"), "EC": ("ES",)}[self.kty]
        return alg in ALGORITHMS and alg.startswith(family) and self.alg in (None, alg)


def parse_keys(doc: Any) -> dict[str | None, SigningKey]:
    """The signature keys of a JWK set by ``kid`` (encryption keys and unusable entries left out)."""
    keys: dict[str | None, SigningKey] = {}
    for entry in doc.get("keys", []) if isinstance(doc, dict) else []:
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig" or entry.get("kty") not in ("RSA", "EC"):
            continue
        try:
            key = jwt.PyJWK(entry, algorithm="RS256" if entry["kty"] == "RSA" else _ec_alg(entry))
        except (jwt.PyJWKError, jwt.InvalidKeyError, KeyError, TypeError, ValueError):
            continue
        keys[entry.get("kid")] = SigningKey(key.key, entry["kty"], entry.get("alg"))
    return keys


def _ec_alg(entry: dict) -> str:
    return {"P-256": "ES256", "P-384": "ES384"}.get(entry.get("crv"), "")


class ProviderCache:
    """Discovery and keys of one provider, fetched through ``session`` with the configured deadline."""

    def __init__(
        self,
        issuer: str,
        session: aiohttp.ClientSession,
        *,
        cache_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer
        self._session = session
        self._ttl = cache_seconds
        self._clock = clock
        self._meta: Metadata | None = None
        self._keys: dict[str | None, SigningKey] = {}
        self._fetched_at = -1e18
        self._generation = 0
        self._lock = asyncio.Lock()

    async def get_json(self, url: str, what: str, headers: dict[str, str] | None = None) -> Any:
        """GET a provider document; a refusal, a timeout, a non-200 or bad JSON means the provider is down."""
        try:
            async with self._session.get(
                url, headers={"Accept": "application/json", **(headers or {})}, allow_redirects=False
            ) as resp:
                if resp.status != 200:
                    raise SignInFailed("unavailable", f"{what} answered {resp.status}")
                return await resp.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise SignInFailed("unavailable", f"{what} unreachable ({type(exc).__name__})") from None

    async def _refresh(self, seen_generation: int) -> None:
        async with self._lock:
            if self._generation != seen_generation:
                return  # another sign-in fetched while this one waited
            doc = await self.get_json(self.issuer.rstrip("/") + WELL_KNOWN, "discovery")
            try:
                meta = Metadata.parse(doc, self.issuer)
            except ValueError as exc:
                raise SignInFailed("unavailable", str(exc)) from None
            keys = parse_keys(await self.get_json(meta.jwks_uri, "jwks"))
            if not keys:
                raise SignInFailed("unavailable", "jwks holds no usable signature key")
            self._meta, self._keys, self._fetched_at = meta, keys, self._clock()
            self._generation += 1

    async def metadata(self) -> Metadata:
        """The discovery document (fetched when missing or older than the cache time)."""
        if self._meta is None or self._clock() - self._fetched_at > self._ttl:
            await self._refresh(self._generation)
        assert self._meta is not None
        return self._meta

    async def signing_key(self, kid: str | None, alg: str, *, refetch: bool = False) -> SigningKey | None:
        """The key for a token's ``kid`` and ``alg``; ``refetch`` fetches the key set again first."""
        await self.metadata()
        if refetch:
            await self._refresh(self._generation)
        if kid is None:
            usable = [k for k in self._keys.values() if k.fits(alg)]
            return usable[0] if len(usable) == 1 else None
        key = self._keys.get(kid)
        return key if key is not None and key.fits(alg) else None
