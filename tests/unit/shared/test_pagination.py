"""Opaque keyset page tokens: round trip, and 400 when tampered or reused elsewhere."""

from __future__ import annotations

import base64

import pytest

from shared.errors import BadRequest
from shared.pagination import PageTokens

TOKENS = PageTokens(b"k" * 32, "groups")


def test_round_trip():
    token = TOKENS.encode(["2026-01-01T10:00:00", "abc"], "f1")
    assert TOKENS.decode(token, "f1") == ["2026-01-01T10:00:00", "abc"]


def test_tampered_token_is_400():
    token = TOKENS.encode([1, "x"])
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[-3] ^= 0x01
    bad = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(BadRequest):
        TOKENS.decode(bad)


@pytest.mark.parametrize("token", ["", "!!!", "AAAA", "a" * 10])
def test_garbage_is_400(token):
    with pytest.raises(BadRequest):
        TOKENS.decode(token)


def test_a_token_from_another_list_or_filter_is_400():
    token = TOKENS.encode([1], "f1")
    with pytest.raises(BadRequest):
        PageTokens(b"k" * 32, "cases").decode(token, "f1")
    with pytest.raises(BadRequest):
        TOKENS.decode(token, "f2")
