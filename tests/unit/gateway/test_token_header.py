"""A bearer token's header is read once, untrusted, to choose the key; anything malformed is a plain 401."""

from __future__ import annotations

import base64
import json

import pytest

from services.gateway.tokens import JwtConfig, mint_token, verify_token
from shared.errors import Unauthorized

CONFIG = JwtConfig(secret=b"s" * 32, issuer="lotsen-test", audience="lotsen")


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def good() -> str:
    """A valid token, signed now (never at import: it would expire while a slow run reaches the test)."""
    return mint_token(CONFIG, sub="amal", roles=["resident"])


# Each case builds a token from a good one's payload (p) and signature (s).
@pytest.mark.parametrize(
    "build",
    [
        lambda p, s: "",
        lambda p, s: "garbage",
        lambda p, s: ".",
        lambda p, s: "..",
        lambda p, s: f"!!!!.{p}.{s}",  # not base64url
        lambda p, s: f"{b64(b'not json')}.{p}.{s}",
        lambda p, s: f"{b64(b'[1, 2]')}.{p}.{s}",  # JSON, but not an object
        lambda p, s: f"{b64(bytes([0xFF, 0xFE]))}.{p}.{s}",  # not UTF-8
        lambda p, s: f"{b64(json.dumps({'alg': 'HS256', 'x': 'y' * 3000}).encode())}.{p}.{s}",  # a huge header
    ],
)
async def test_a_malformed_header_is_401_malformed(build):
    _, payload, signature = good().split(".")
    with pytest.raises(Unauthorized) as refused:
        await verify_token(CONFIG, build(payload, signature))
    assert "malformed" in str(refused.value)


async def test_a_well_formed_header_is_only_a_choice_the_signature_is_still_checked():
    token = good()
    assert (await verify_token(CONFIG, token)).sub == "amal"
    _, payload, _ = token.split(".")
    forged = f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}.{payload}.{b64(b'x' * 32)}"
    with pytest.raises(Unauthorized, match="Invalid bearer token"):
        await verify_token(CONFIG, forged)
    none = f"{b64(json.dumps({'alg': 'none'}).encode())}.{payload}."
    with pytest.raises(Unauthorized, match="not accepted"):
        await verify_token(CONFIG, none)
