"""ID token checks, PKCE and client authentication (pure: keys made here, no provider)."""

from __future__ import annotations

import base64
import hashlib
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from services.gateway.oidc.config import OidcConfig
from services.gateway.oidc.errors import SignInFailed
from services.gateway.oidc.provider import SigningKey, parse_keys
from services.gateway.oidc.tokens import (
    ASSERTION_TYPE,
    b64url,
    client_auth,
    pkce_pair,
    public_jwk,
    token_header,
    verify_id_token,
)

ISSUER, CLIENT = "https://idp.example.se", "lotsen"
PROVIDER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC = SigningKey(PROVIDER_KEY.public_key(), "RSA", "RS256")


def id_token(key=PROVIDER_KEY, alg="RS256", *, iat: int = 0, exp: int = 300, **changes) -> str:
    """An ID token made now; ``iat`` and ``exp`` are seconds from now, a claim set to None is left out."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "karin",
        "iat": now + iat,
        "exp": now + exp,
        "nonce": "n-1",
        **changes,
    }
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, algorithm=alg, headers={"kid": "k1"})


def test_a_good_id_token_passes():
    assert verify_id_token(id_token(), PUBLIC, "RS256", issuer=ISSUER, client_id=CLIENT, nonce="n-1")["sub"] == "karin"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"key": OTHER_KEY}, "signature does not verify"),
        ({"iss": "https://evil.example"}, "InvalidIssuerError"),
        ({"aud": "someone-else"}, "InvalidAudienceError"),
        ({"aud": [CLIENT, "someone-else"]}, "azp"),
        ({"azp": "someone-else"}, "azp"),
        ({"iat": -3700, "exp": -3600}, "ExpiredSignatureError"),
        ({"iat": 3600, "exp": 3900}, "ImmatureSignatureError"),
        ({"iat": -3600}, "issued too long ago"),
        ({"nonce": None}, "nonce"),
        ({"nonce": "n-2"}, "nonce"),
        ({"nonce": "nönce"}, "nonce"),
        ({"sub": None}, "MissingRequiredClaimError"),
    ],
)
def test_a_bad_id_token_is_refused(changes, reason):
    with pytest.raises(SignInFailed) as failed:
        verify_id_token(id_token(**changes), PUBLIC, "RS256", issuer=ISSUER, client_id=CLIENT, nonce="n-1")
    assert failed.value.kind == "refused"
    assert reason in failed.value.reason


def test_several_audiences_pass_with_our_azp():
    token = id_token(aud=[CLIENT, "api"], azp=CLIENT)
    assert verify_id_token(token, PUBLIC, "RS256", issuer=ISSUER, client_id=CLIENT, nonce="n-1")["azp"] == CLIENT


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_only_asymmetric_algorithms_are_accepted(alg):
    header = b64url(f'{{"alg":"{alg}","kid":"k1"}}'.encode())
    with pytest.raises(SignInFailed, match="not accepted"):
        token_header(f"{header}.{b64url(b'{}')}.")


def test_a_key_is_used_only_for_its_family_and_declared_algorithm():
    rsa_key, ec_key = SigningKey(None, "RSA", None), SigningKey(None, "EC", "ES256")
    assert rsa_key.fits("RS256") and rsa_key.fits("PS256") and not rsa_key.fits("ES256") and not rsa_key.fits("HS256")
    assert ec_key.fits("ES256") and not ec_key.fits("ES384")


def test_parse_keys_keeps_signature_keys_only():
    sig = {**public_jwk(PROVIDER_KEY, "a"), "use": "sig"}
    enc = {**public_jwk(OTHER_KEY, "b"), "use": "enc"}
    keys = parse_keys({"keys": [sig, enc, {"kty": "oct", "k": "c2VjcmV0"}, {"kty": "RSA", "n": "bad"}]})
    assert list(keys) == ["a"]


def test_the_pkce_verifier_has_a_legal_length_and_an_s256_challenge():
    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128
    assert challenge == b64url(hashlib.sha256(verifier.encode()).digest())
    # RFC 7636 appendix B
    assert b64url(hashlib.sha256(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").digest()) == (
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def config(**changes) -> OidcConfig:
    return OidcConfig(issuer=ISSUER, client_id="lotsen app", client_secret="a:b+c %", **changes)


def test_basic_authentication_form_encodes_both_parts():
    headers, form = client_auth(config(), ISSUER + "/token")
    assert form == {}
    assert base64.b64decode(headers["Authorization"].removeprefix("Basic ")) == b"lotsen+app:a%3Ab%2Bc+%25"


def test_post_authentication_sends_the_secret_in_the_form():
    assert client_auth(config(client_auth="client_secret_post"), ISSUER + "/token") == (
        {}, {"client_id": "lotsen app", "client_secret": "a:b+c %"}
    )  # fmt: skip


def test_private_key_jwt_signs_a_short_assertion_for_the_token_endpoint():
    key = ec.generate_private_key(ec.SECP256R1())
    headers, form = client_auth(config(client_auth="private_key_jwt", private_key=key), ISSUER + "/token")
    assert headers == {} and form["client_assertion_type"] == ASSERTION_TYPE
    claims = jwt.decode(form["client_assertion"], key.public_key(), algorithms=["ES256"], audience=ISSUER + "/token")
    assert claims["iss"] == claims["sub"] == "lotsen app"
    assert claims["exp"] - claims["iat"] <= 60
    assert jwt.get_unverified_header(form["client_assertion"])["kid"] == public_jwk(key)["kid"]
