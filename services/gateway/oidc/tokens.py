"""The protocol's cryptographic parts: PKCE, client authentication at the token endpoint, ID token checks.

JWS parsing and verification are PyJWT's (the library the gateway already uses for bearer tokens); what
is left here is what OpenID Connect Core adds on top: ``azp``, the age of ``iat``, and ``nonce``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any
from urllib.parse import quote_plus

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from services.gateway.oidc.config import OidcConfig, PrivateKey
from services.gateway.oidc.errors import SignInFailed
from services.gateway.oidc.provider import ALGORITHMS, SigningKey

LEEWAY_SECONDS = 60
MAX_ID_TOKEN_AGE = 600  # an ID token is issued at the code exchange, moments before we see it
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
BAD_SIGNATURE = "id token signature does not verify"


def b64url(data: bytes) -> str:
    """Base64url without padding (RFC 7515), the form PKCE and JWK thumbprints use."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pkce_pair() -> tuple[str, str]:
    """A fresh code verifier (86 characters, inside RFC 7636's 43–128) and its S256 challenge."""
    verifier = secrets.token_urlsafe(64)
    return verifier, b64url(hashlib.sha256(verifier.encode()).digest())


def public_jwk(key: PrivateKey, kid: str | None = None) -> dict[str, Any]:
    """The public half of the client's key as a JWK, named by ``kid`` or its RFC 7638 thumbprint."""
    public = key.public_key()
    if isinstance(key, rsa.RSAPrivateKey):
        jwk, members = RSAAlgorithm.to_jwk(public, as_dict=True), ("e", "kty", "n")
    else:
        jwk, members = ECAlgorithm.to_jwk(public, as_dict=True), ("crv", "kty", "x", "y")
    thumb = json.dumps({m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True).encode()
    alg = "RS256" if isinstance(key, rsa.RSAPrivateKey) else "ES256"
    return {**jwk, "kid": kid or b64url(hashlib.sha256(thumb).digest()), "use": "sig", "alg": alg}


def client_auth(config: OidcConfig, token_endpoint: str) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and form fields that authenticate Lotsen at the token endpoint, by ``LOTSEN_OIDC_CLIENT_AUTH``."""
    if config.client_auth == "client_secret_basic":
        # RFC 6749 2.3.1: both parts form-encoded before Base64, so a secret with ':' or '+' survives.
        pair = f"{quote_plus(config.client_id, safe='')}:{quote_plus(config.client_secret or '', safe='')}"
        return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}, {}
    if config.client_auth == "client_secret_post":
        return {}, {"client_id": config.client_id, "client_secret": config.client_secret or ""}
    assert config.private_key is not None  # checked when the settings were read
    jwk = public_jwk(config.private_key, config.private_key_id)
    now = int(time.time())
    claims = {
        "iss": config.client_id,
        "sub": config.client_id,
        "aud": token_endpoint,
        "jti": secrets.token_urlsafe(16),
        "iat": now,
        "exp": now + 60,
    }
    assertion = jwt.encode(claims, config.private_key, algorithm=jwk["alg"], headers={"kid": jwk["kid"]})
    return {}, {"client_id": config.client_id, "client_assertion_type": ASSERTION_TYPE, "client_assertion": assertion}


def token_header(token: str) -> tuple[str, str | None]:
    """The ``alg`` and ``kid`` an ID token claims; only asymmetric algorithms are accepted."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise SignInFailed("refused", "id token is not a JWS") from None
    alg, kid = header.get("alg"), header.get("kid")
    if alg not in ALGORITHMS:
        raise SignInFailed("refused", f"id token algorithm {alg!r} is not accepted")
    return alg, kid if isinstance(kid, str) else None


def verify_id_token(token: str, key: SigningKey, alg: str, *, issuer: str, client_id: str, nonce: str) -> dict:
    """The ID token's claims after checking signature, iss, aud, azp, exp, iat and nonce (OIDC Core 3.1.3.7)."""
    try:
        claims = jwt.decode(
            token,
            key.key,
            algorithms=[alg],
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.InvalidSignatureError:
        raise SignInFailed("refused", BAD_SIGNATURE) from None
    except jwt.PyJWTError as exc:
        raise SignInFailed("refused", f"id token: {type(exc).__name__}") from None
    audiences = [claims["aud"]] if isinstance(claims["aud"], str) else list(claims["aud"])
    azp = claims.get("azp")
    if (azp is not None or len(audiences) > 1) and azp != client_id:
        raise SignInFailed("refused", "id token azp is not this client")
    if not isinstance(claims["iat"], int | float) or time.time() - claims["iat"] > MAX_ID_TOKEN_AGE + LEEWAY_SECONDS:
        raise SignInFailed("refused", "id token was issued too long ago")
    if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(claims["nonce"].encode(), nonce.encode()):
        raise SignInFailed("refused", "id token nonce does not match")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise SignInFailed("refused", "id token sub is empty")
    return claims
