"""Bearer JWTs from a JWKS: accepted when right; expired, wrong audience, alg none, confusion → 401."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import aiohttp
import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from services.gateway.auth import JWKS
from services.gateway.jwks import JwksCache
from services.gateway.tokens import JwtConfig
from shared.identity import verify_identity
from tests.helpers import INTERNAL_SECRET, JWT_SECRET
from tests.integration.gateway.conftest import ok_json
from tests.waiting import until

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ISSUER, AUDIENCE = "https://idp.example.se", "lotsen-api"


def _jwk(private, kid: str, alg: str) -> dict:
    doc = json.loads(jwt.algorithms.get_default_algorithms()[alg].to_jwk(private.public_key()))
    return {**doc, "kid": kid, "alg": alg, "use": "sig"}


def token(private=RSA_KEY, *, alg="RS256", kid="rsa-1", **over) -> str:
    now = int(time.time())
    claims = {"sub": "person-7", "roles": ["resident"], "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 300}
    claims.update(over)
    return jwt.encode(claims, private, algorithm=alg, headers={"kid": kid})


def _unsigned(**claims) -> str:
    def part(d: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()

    now = int(time.time())
    body = {"sub": "x", "roles": ["admin"], "iss": ISSUER, "aud": AUDIENCE, "exp": now + 300, **claims}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(body)}."


def _confused() -> str:
    """HS256 signed with the RSA public key's PEM as the HMAC secret (algorithm confusion)."""
    pem = RSA_KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = {"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}
    now = int(time.time())
    claims = {"sub": "x", "roles": ["admin"], "iss": ISSUER, "aud": AUDIENCE, "exp": now + 300}
    signing = ".".join(
        base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode() for d in (header, claims)
    ).encode()
    sig = base64.urlsafe_b64encode(hmac.new(pem, signing, hashlib.sha256).digest()).rstrip(b"=").decode()
    return f"{signing.decode()}.{sig}"


@pytest.fixture
async def jwks_gateway(gateway, start_fake):
    """A gateway trusting a local JWKS endpoint (production mode: HS256 dev tokens refused)."""
    keys = {"keys": [_jwk(RSA_KEY, "rsa-1", "RS256"), _jwk(EC_KEY, "ec-1", "ES256")]}
    idp = await start_fake({("GET", "/jwks.json"): ok_json(keys)})
    sfi = await start_fake({("GET", "/v1/me/enrolments"): ok_json({"data": []})})
    client = await gateway(
        sfi=sfi.url,
        LOTSEN_JWKS_URL=idp.url + "/jwks.json",
        LOTSEN_JWT_ISSUER=ISSUER,
        LOTSEN_JWT_AUDIENCE=AUDIENCE,
        LOTSEN_ENV="production",
    )
    # The first fetch runs in the background; a request must not race it (it waits only a few seconds).
    await until(lambda: client.app[JWKS].loaded, "the gateway fetched the JWKS")
    return client, sfi


# Tokens are made when the test runs (a lambda each), not at collection: one made then could expire before
# a slow run reaches the test.
@pytest.mark.parametrize(
    "good", [lambda: token(), lambda: token(EC_KEY, alg="ES256", kid="ec-1")], ids=["RS256", "ES256"]
)
async def test_token_signed_by_a_jwks_key_is_accepted(jwks_gateway, good):
    client, sfi = jwks_gateway
    resp = await client.get("/api/sfi/v1/me/enrolments", headers={"Authorization": f"Bearer {good()}"})
    assert resp.status == 200
    assert sfi.seen[-1][2]["X-Lotsen-Identity"]


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda: token(exp=int(time.time()) - 120), id="expired"),
        pytest.param(lambda: token(aud="someone-else"), id="wrong-audience"),
        pytest.param(lambda: token(iss="https://evil.example"), id="wrong-issuer"),
        pytest.param(_unsigned, id="alg-none"),
        pytest.param(_confused, id="hs256-with-public-key"),
        pytest.param(lambda: token(kid="unknown"), id="unknown-kid"),
        pytest.param(lambda: token(EC_KEY, alg="ES256", kid="rsa-1"), id="key-of-other-type"),
        pytest.param(
            lambda: jwt.encode({"sub": "x", "iss": ISSUER, "aud": AUDIENCE, "exp": 2**31}, "s" * 32), id="hs256-prod"
        ),
    ],
)
async def test_bad_tokens_are_401(jwks_gateway, bad):
    client, sfi = jwks_gateway
    resp = await client.get("/api/sfi/v1/me/enrolments", headers={"Authorization": f"Bearer {bad()}"})
    assert resp.status == 401 and resp.content_type == "application/problem+json"
    assert "Bearer" in resp.headers["WWW-Authenticate"]
    assert sfi.seen == []


async def test_expiry_has_a_small_leeway(jwks_gateway):
    client, _ = jwks_gateway
    resp = await client.get(
        "/api/sfi/v1/me/enrolments", headers={"Authorization": f"Bearer {token(exp=int(time.time()) - 5)}"}
    )
    assert resp.status == 200


async def test_a_rotated_key_is_fetched_on_an_unknown_kid_and_refetches_are_rate_limited(start_fake):
    current = {"keys": [_jwk(RSA_KEY, "rsa-1", "RS256")]}
    fetches = []

    async def serve(request: web.Request) -> web.Response:
        fetches.append(1)
        return web.json_response(current)

    idp = await start_fake({("GET", "/jwks.json"): serve})
    async with aiohttp.ClientSession() as session:
        eager = JwksCache(idp.url + "/jwks.json", session, min_refetch_seconds=0)
        assert (await eager.key_for("rsa-1")).key_id == "rsa-1"
        rotated = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        current["keys"].append(_jwk(rotated, "rsa-2", "RS256"))
        assert (await eager.key_for("rsa-2")).key_id == "rsa-2"
        assert len(fetches) == 2

        careful = JwksCache(idp.url + "/jwks.json", session, min_refetch_seconds=60)
        await careful.key_for("rsa-1")
        for _ in range(5):
            assert await careful.key_for("no-such-kid") is None
        assert len(fetches) == 3


@pytest.mark.parametrize("scope", ["webhooks:manage", "admin", "enrolment:write schedule:write"])
async def test_a_persons_scope_claim_never_becomes_system_scopes(gateway, start_fake, scope):
    sfi = await start_fake({("POST", "/v1/webhooks/subscriptions"): ok_json({}), ("GET", "/v1/groups"): ok_json({})})
    client = await gateway(sfi=sfi.url)
    config = JwtConfig(JWT_SECRET.encode(), "lotsen-dev", "lotsen")
    now = int(time.time())
    claims = {"sub": "resident-1", "roles": ["resident"], "scope": scope, "iss": config.issuer,
              "aud": config.audience, "iat": now, "exp": now + 300}  # fmt: skip
    auth = {"Authorization": "Bearer " + jwt.encode(claims, config.secret, algorithm="HS256")}
    resp = await client.post("/api/sfi/v1/webhooks/subscriptions", json={"url": "https://x.example/"}, headers=auth)
    assert resp.status == 403 and not sfi.seen
    resp = await client.get("/api/sfi/v1/groups", headers=auth)
    assert resp.status == 200
    ((_, _, headers),) = sfi.seen
    forwarded = verify_identity(headers["X-Lotsen-Identity"], INTERNAL_SECRET.encode())
    assert forwarded.kind == "person" and forwarded.scopes == frozenset()
