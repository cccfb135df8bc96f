"""From claims to a Lotsen person: claim paths, role mapping, personal numbers, names (pure)."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest

from services.gateway.oidc.claims import (
    claim_at,
    display_name,
    map_roles,
    person_from_claims,
    person_number,
    role_values,
)
from services.gateway.oidc.config import OidcConfig
from services.gateway.oidc.errors import SignInFailed
from shared.personnummer import luhn_check_digit

KEY = b"k" * 32
TODAY = date(2026, 12, 3)  # the gateway's clock in these tests


@pytest.mark.parametrize(
    ("claims", "path", "found"),
    [
        ({"roles": ["a"]}, "roles", ["a"]),
        ({"realm_access": {"roles": ["a"]}}, "realm_access.roles", ["a"]),
        ({"https://example.se/roles": "a"}, "https://example.se/roles", "a"),  # a claim URI is one name
        ({"realm_access": ["a"]}, "realm_access.roles", None),
        ({}, "roles", None),
    ],
)
def test_a_claim_is_found_by_name_or_dotted_path(claims, path, found):
    assert claim_at(claims, path) == found


@pytest.mark.parametrize(
    ("raw", "values"),
    [("caseworker", ["caseworker"]), (["a", 3, "b"], ["a", "b"]), (None, []), ({"a": 1}, []), (7, [])],
)
def test_a_string_is_one_role_value_never_letters(raw, values):
    assert role_values(raw) == values


@pytest.mark.parametrize(
    ("values", "table", "by_name", "roles", "dropped"),
    [
        (["caseworker", "wizard"], {}, True, {"caseworker"}, 1),
        (["caseworker"], {}, False, set(), 1),
        (["grp-sfi"], {"grp-sfi": ("sfi_admin", "teacher")}, True, {"sfi_admin", "teacher"}, 0),
        (["admin"], {"admin": ("auditor",)}, True, {"auditor"}, 0),  # the table wins over equal names
        (["schedule:read", "admin:keys"], {}, True, set(), 2),  # system scopes are never roles
    ],
)
def test_roles_are_mapped_by_table_and_name(values, table, by_name, roles, dropped):
    assert map_roles(values, table=table, by_name=by_name) == (frozenset(roles), dropped)


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("196802020575", "196802020575"),
        ("19680202-0575", "196802020575"),
        (" 19121212+1212 ", "191212121212"),
        ("198112892388", "198112892388"),  # a samordningsnummer (day + 60) has the same check digit rule
        ("196802020576", None),  # wrong check digit
        ("6802020575", None),  # ten digits: the century is unknown
        # One parser (shared.personnummer), so one pseudonym however the provider writes it (issue 16):
        ("١٩٦٨٠٢٠٢٠٥٧٥", "196802020575"),  # Arabic-Indic digits are the same number, not another person
        ("１９６８０２０２－０５７５", "196802020575"),  # full-width
        ("19810230-1234", None),  # 30 February (the check digit is right)
        ("19811318-9875", None),  # month 13
        ("20230229-1238", None),  # 29 February in a common year
        ("19811292-1237", None),  # day 92 is no samordningsnummer
        (196802020575, None),
        (None, None),
    ],
)
def test_personal_numbers_are_twelve_digits_with_a_valid_check_digit(raw, number):
    assert person_number(raw, today=TODAY) == number


def test_a_number_born_after_the_gateways_today_is_no_number_until_that_day():
    digits = "270115" + "123"
    number = f"20{digits}{luhn_check_digit(digits)}"  # born 15 January 2027
    assert person_number(number, today=TODAY) is None
    assert person_number(number, today=date(2027, 1, 14)) is None
    assert person_number(number, today=date(2027, 1, 15)) == number
    cfg = config(person_number_claim="ssn", subject_key=KEY)
    with pytest.raises(SignInFailed):
        person_from_claims({"sub": "x", "ssn": number}, cfg, today=TODAY)
    assert person_from_claims({"sub": "x", "ssn": number}, cfg, today=date(2027, 2, 1)).subject.startswith("pnr:")


def test_the_name_falls_back_to_given_and_family_name():
    assert display_name({"name": "  Amal Hassan "}) == "Amal Hassan"
    assert display_name({"given_name": "Amal", "family_name": "Hassan"}) == "Amal Hassan"
    assert display_name({"name": ""}) == ""


def config(**changes) -> OidcConfig:
    return OidcConfig(issuer="https://idp.example.se", client_id="lotsen", client_secret="s", **changes)


def test_a_person_without_roles_is_a_resident_only_when_allowed():
    assert person_from_claims({"sub": "x"}, config(), today=TODAY).roles == frozenset()
    assert person_from_claims({"sub": "x"}, config(resident_without_role=True), today=TODAY).roles == {"resident"}


def test_the_personal_number_claim_gives_a_keyed_pseudonym_instead_of_sub():
    cfg = config(person_number_claim="ssn", subject_key=KEY)
    one = person_from_claims({"sub": "broker-a-123", "ssn": "196802020575"}, cfg, today=TODAY)
    two = person_from_claims({"sub": "broker-b-999", "ssn": "19680202-0575"}, cfg, today=TODAY)
    other = config(person_number_claim="ssn", subject_key=b"q" * 32)
    other_key = person_from_claims({"sub": "x", "ssn": "196802020575"}, other, today=TODAY)
    assert one.subject == two.subject != other_key.subject
    assert "196802020575" not in one.subject and "0575" not in one.subject
    with pytest.raises(SignInFailed) as failed:
        person_from_claims({"sub": "x", "ssn": "196802020576"}, cfg, today=TODAY)
    assert "196802020576" not in failed.value.reason


def test_the_role_table_is_read_only():
    assert isinstance(config().role_map, MappingProxyType)
