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


GOOD = mint_token(CONFIG, sub="amal", roles=["resident"])
_, PAYLOAD, SIGNATURE = GOOD.split(".")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        ".",
        "..",
        f"!!!!.{PAYLOAD}.{SIGNATURE}",  # not base64url
        f"{b64(b'not json')}.{PAYLOAD}.{SIGNATURE}",
        f"{b64(b'[1, 2]')}.{PAYLOAD}.{SIGNATURE}",  # JSON, but not an object
        f"{b64(bytes([0xFF, 0xFE]))}.{PAYLOAD}.{SIGNATURE}",  # not UTF-8
        f"{b64(json.dumps({'alg': 'HS256', 'x': 'y' * 3000}).encode())}.{PAYLOAD}.{SIGNATURE}",  # a huge header
    ],
)
async def test_a_malformed_header_is_401_malformed(token):
    with pytest.raises(Unauthorized) as refused:
        await verify_token(CONFIG, token)
    assert "malformed" in str(refused.value)


async def test_a_well_formed_header_is_only_a_choice_the_signature_is_still_checked():
    assert (await verify_token(CONFIG, GOOD)).sub == "amal"
    forged = f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}.{PAYLOAD}.{b64(b'x' * 32)}"
    with pytest.raises(Unauthorized, match="Invalid bearer token"):
        await verify_token(CONFIG, forged)
    none = f"{b64(json.dumps({'alg': 'none'}).encode())}.{PAYLOAD}."
    with pytest.raises(Unauthorized, match="not accepted"):
        await verify_token(CONFIG, none)
