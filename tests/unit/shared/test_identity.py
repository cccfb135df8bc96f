"""The signed identity assertion between gateway and services."""

from __future__ import annotations

import time

import pytest

from shared.errors import Forbidden, Unauthorized
from shared.identity import Identity, sign_identity, verify_identity

SECRET = b"s" * 40
WHO = Identity(sub="p1", kind="person", roles=frozenset({"caseworker"}), scopes=frozenset(), consumer="person:p1")


def test_round_trip_keeps_who_is_calling():
    got = verify_identity(sign_identity(WHO, SECRET), SECRET)
    assert (got.sub, got.kind, got.roles, got.consumer) == ("p1", "person", frozenset({"caseworker"}), "person:p1")


@pytest.mark.parametrize(
    "assertion",
    [None, "", "not-an-assertion", "abc.def", sign_identity(WHO, b"other" * 10)],
    ids=["missing", "empty", "no-dot", "garbage", "wrong-key"],
)
def test_missing_malformed_or_forged_is_401(assertion):
    with pytest.raises(Unauthorized):
        verify_identity(assertion, SECRET)


def test_tampered_payload_is_401():
    payload, _, mac = sign_identity(WHO, SECRET).partition(".")
    other_payload = sign_identity(Identity(sub="p1", kind="person", roles=frozenset({"admin"})), SECRET).split(".")[0]
    assert other_payload != payload
    with pytest.raises(Unauthorized):
        verify_identity(f"{other_payload}.{mac}", SECRET)


def test_expired_is_401():
    old = sign_identity(WHO, SECRET, now=time.time() - 120)
    with pytest.raises(Unauthorized, match="Expired"):
        verify_identity(old, SECRET)


def test_require_role_distinguishes_anonymous_and_forbidden():
    with pytest.raises(Unauthorized):
        Identity(sub="a", kind="anonymous").require_role("caseworker")
    with pytest.raises(Forbidden):
        Identity(sub="r", kind="person", roles=frozenset({"resident"})).require_role("caseworker")
    WHO.require_role("caseworker", "auditor")
