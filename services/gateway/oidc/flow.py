"""The authorisation-code flow with PKCE, state and nonce, from the first redirect to a verified person.

``OidcClient.begin`` gives the provider URL and the :class:`Pending` values the browser keeps (sealed, in
a cookie) until it comes back; ``OidcClient.complete`` checks the answer, exchanges the code, verifies the
ID token, completes the claims from userinfo when needed and maps them to a :class:`Person`. Every
failure is a :class:`SignInFailed`; every call to the provider has the configured deadline.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import aiohttp
from aiohttp import web
from yarl import URL

from services.gateway.oidc.claims import Person, claim_at, person_from_claims
from services.gateway.oidc.config import OidcConfig
from services.gateway.oidc.errors import SignInFailed
from services.gateway.oidc.provider import Metadata, ProviderCache
from services.gateway.oidc.tokens import BAD_SIGNATURE, client_auth, pkce_pair, token_header, verify_id_token

_ERROR_CODE = re.compile(r"[^a-z0-9_.-]")
_DENIED = frozenset({"access_denied", "login_required", "consent_required", "interaction_required"})


@dataclass(frozen=True, slots=True)
class Pending:
    """What the browser carries from the redirect to the callback."""

    state: str
    nonce: str
    verifier: str
    next: str


def _code(raw: object) -> str:
    """An OAuth error code made safe for a log line."""
    return _ERROR_CODE.sub("", str(raw).lower())[:40] or "unknown"


class OidcClient:
    """The relying party for one provider."""

    def __init__(self, config: OidcConfig, session: aiohttp.ClientSession) -> None:
        self.config = config
        self._session = session
        self.provider = ProviderCache(config.issuer, session, cache_seconds=config.cache_seconds)

    async def begin(self, *, redirect_uri: str, next_path: str, ui_locales: str) -> tuple[str, Pending]:
        """The provider's authorisation URL for a new sign-in, and what to keep until the callback."""
        meta = await self.provider.metadata()
        verifier, challenge = pkce_pair()
        pending = Pending(
            state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32), verifier=verifier, next=next_path
        )
        query = {
            "response_type": "code",
            "client_id": self.config.client_id,
            "scope": self.config.scope,
            "redirect_uri": redirect_uri,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "ui_locales": ui_locales,
        }
        return str(URL(meta.authorization_endpoint).update_query(query)), pending

    async def complete(self, pending: Pending, query: Mapping[str, str], *, redirect_uri: str, today: date) -> Person:
        """Check the provider's answer to ``pending`` and return the person who signed in (``today``: the Swedish
        date of the gateway's clock, for the personal number's checks)."""
        if not hmac.compare_digest(query.get("state", "").encode(), pending.state.encode()):
            raise SignInFailed("interrupted", "state does not match")
        if "iss" in query and query["iss"] != self.provider.issuer:  # RFC 9207: an answer from another provider
            raise SignInFailed("refused", "authorization response iss is not our issuer")
        if "error" in query:
            error = _code(query["error"])
            raise SignInFailed("denied" if error in _DENIED else "refused", f"provider answered error={error}")
        if not query.get("code"):
            raise SignInFailed("refused", "callback without a code")
        meta = await self.provider.metadata()
        tokens = await self._exchange(meta, query["code"], pending.verifier, redirect_uri)
        claims = await self._verified(tokens["id_token"], pending.nonce)
        if any(claim_at(claims, name) is None for name in self.config.wanted_claims) and meta.userinfo_endpoint:
            claims = await self._with_userinfo(meta.userinfo_endpoint, tokens["access_token"], claims)
        return person_from_claims(claims, self.config, today=today)

    async def _exchange(self, meta: Metadata, code: str, verifier: str, redirect_uri: str) -> dict[str, str]:
        headers, form = client_auth(self.config, meta.token_endpoint)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            **form,
        }
        try:
            async with self._session.post(
                meta.token_endpoint, data=form, allow_redirects=False, headers={"Accept": "application/json", **headers}
            ) as resp:
                body: Any = await resp.json(content_type=None) if resp.content_length != 0 else None
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SignInFailed("unavailable", f"token endpoint unreachable ({type(exc).__name__})") from None
        except ValueError:
            raise SignInFailed("unavailable", "token endpoint answered no JSON") from None
        if status != 200:
            raise self._token_error(status, body)
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("id_token", "access_token")):
            raise SignInFailed("unavailable", "token response lacks id_token or access_token")
        if str(body.get("token_type", "")).lower() != "bearer":
            raise SignInFailed("unavailable", "token response is not a bearer token")
        return body

    @staticmethod
    def _token_error(status: int, body: Any) -> SignInFailed:
        error = _code(body.get("error")) if isinstance(body, dict) else f"http_{status}"
        if status >= 500:
            return SignInFailed("unavailable", f"token endpoint answered {status}")
        if error == "invalid_grant":  # the code expired, was used already, or PKCE failed
            return SignInFailed("interrupted", "token endpoint refused the code (invalid_grant)")
        if error in ("invalid_client", "unauthorized_client"):
            return SignInFailed("unavailable", f"token endpoint refused Lotsen's client credentials ({error})")
        return SignInFailed("refused", f"token endpoint answered error={error}")

    async def _verified(self, id_token: str, nonce: str) -> dict:
        alg, kid = token_header(id_token)
        key = await self.provider.signing_key(kid, alg)
        if key is not None:
            try:
                return self._check(id_token, key, alg, nonce)
            except SignInFailed as failed:
                if failed.reason != BAD_SIGNATURE:
                    raise
        # An unknown key, or a known kid whose signature fails: the provider may have rotated. Refetch once.
        key = await self.provider.signing_key(kid, alg, refetch=True)
        if key is None:
            raise SignInFailed("refused", "id token signed with a key the provider does not publish")
        return self._check(id_token, key, alg, nonce)

    def _check(self, id_token: str, key, alg: str, nonce: str) -> dict:
        return verify_id_token(
            id_token, key, alg, issuer=self.provider.issuer, client_id=self.config.client_id, nonce=nonce
        )

    async def _with_userinfo(self, url: str, access_token: str, claims: dict) -> dict:
        info = await self.provider.get_json(url, "userinfo", {"Authorization": f"Bearer {access_token}"})
        if not isinstance(info, dict) or info.get("sub") != claims["sub"]:
            raise SignInFailed("refused", "userinfo sub differs from the id token's")
        return {**info, **claims}

    async def logout_url(self, *, post_logout_redirect_uri: str, ui_locales: str) -> str | None:
        """Where to send the browser to end the provider's session too (RP-initiated logout), if it can."""
        if not self.config.provider_logout:
            return None
        meta = await self.provider.metadata()
        if not meta.end_session_endpoint:
            return None
        query = {
            "client_id": self.config.client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "ui_locales": ui_locales,
        }
        return str(URL(meta.end_session_endpoint).update_query(query))


OIDC_CLIENT = web.AppKey("oidc_client", OidcClient)


def oidc_context(config: OidcConfig):
    """A cleanup context that opens the client session to the provider (deadline on every call)."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=config.deadline_seconds, sock_connect=min(config.deadline_seconds, 3.0))
        async with aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as session:
            app[OIDC_CLIENT] = OidcClient(config, session)
            yield

    return ctx
