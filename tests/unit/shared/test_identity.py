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


@pytest.mark.parametrize("key_length", [0, 1, 32, 63, 64, 65, 200])
def test_the_kept_key_schedule_gives_the_standard_hmac(key_length):
    import hashlib
    import hmac
    import os

    from shared.identity import mac_of

    key, message = os.urandom(key_length), os.urandom(300)
    assert mac_of(key, message) == hmac.new(key, message, hashlib.sha256).digest()
    assert mac_of(key + b"x", message) != mac_of(key, message)


def test_round_trip_keeps_non_ascii_names_quotes_and_every_role_and_scope():
    who = Identity(
        sub='Åsa "Ö" \\ ئ',
        kind="system",
        roles=frozenset({"b", "a"}),
        scopes=frozenset({"schedule:read", 'x"y'}),
        consumer="sys:ö",
        request_id="r-1",
    )
    got = verify_identity(sign_identity(who, SECRET), SECRET)
    assert (got.sub, got.kind, got.roles, got.scopes, got.consumer, got.request_id) == (
        who.sub,
        "system",
        who.roles,
        who.scopes,
        "sys:ö",
        "r-1",
    )


@pytest.mark.parametrize("mac", ["ä", "%%%", "a" * 5])
def test_a_signature_that_is_not_base64_is_401(mac):
    payload = sign_identity(WHO, SECRET).split(".")[0]
    with pytest.raises(Unauthorized):
        verify_identity(f"{payload}.{mac}", SECRET)
