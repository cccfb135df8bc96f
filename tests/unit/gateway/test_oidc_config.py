"""The LOTSEN_OIDC_* settings: defaults, the role table, and one clear line for each bad value."""

from __future__ import annotations

import pytest

from services.gateway.oidc.config import from_env
from shared.settings import SettingsError

BASE = {"LOTSEN_OIDC_ISSUER": "https://idp.example.se", "LOTSEN_OIDC_CLIENT_ID": "lotsen",
        "LOTSEN_OIDC_CLIENT_SECRET": "secret"}  # fmt: skip


def test_no_issuer_means_no_provider_and_the_defaults_keep_their_meaning():
    assert from_env({}) is None
    config = from_env(BASE)
    assert (config.scope, config.roles_claim, config.client_auth) == ("openid profile", "roles", "client_secret_basic")
    assert (config.roles_by_name, config.resident_without_role, config.provider_logout) == (True, False, True)


def test_the_role_table_maps_values_to_one_or_more_roles():
    config = from_env(
        {**BASE, "LOTSEN_OIDC_ROLE_MAP": '{"handläggare": "caseworker", "sfi": ["sfi_admin", "teacher"]}'}
    )
    assert dict(config.role_map) == {"handläggare": ("caseworker",), "sfi": ("sfi_admin", "teacher")}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"LOTSEN_OIDC_CLIENT_ID": ""}, "LOTSEN_OIDC_ISSUER and LOTSEN_OIDC_CLIENT_ID"),
        ({"LOTSEN_OIDC_ISSUER": "idp.example.se"}, "LOTSEN_OIDC_ISSUER"),
        ({"LOTSEN_OIDC_SCOPE": "profile"}, "LOTSEN_OIDC_SCOPE"),
        ({"LOTSEN_OIDC_CLIENT_AUTH": "client_secret_jwt"}, "LOTSEN_OIDC_CLIENT_AUTH"),
        ({"LOTSEN_OIDC_CLIENT_SECRET": ""}, "LOTSEN_OIDC_CLIENT_SECRET"),
        ({"LOTSEN_OIDC_CLIENT_AUTH": "private_key_jwt"}, "LOTSEN_OIDC_PRIVATE_KEY_FILE"),
        ({"LOTSEN_OIDC_PRIVATE_KEY_FILE": "/nonexistent.pem"}, "LOTSEN_OIDC_PRIVATE_KEY_FILE"),
        ({"LOTSEN_OIDC_ROLE_MAP": '{"x": "superuser"}'}, "LOTSEN_OIDC_ROLE_MAP"),
        ({"LOTSEN_OIDC_ROLE_MAP": '["caseworker"]'}, "LOTSEN_OIDC_ROLE_MAP"),
        ({"LOTSEN_OIDC_ROLE_MAP": "caseworker=caseworker"}, "LOTSEN_OIDC_ROLE_MAP"),
        ({"LOTSEN_OIDC_PERSON_NUMBER_CLAIM": "ssn"}, "LOTSEN_OIDC_SUBJECT_KEY"),
        ({"LOTSEN_OIDC_RESIDENT_WITHOUT_ROLE": "maybe"}, "LOTSEN_OIDC_RESIDENT_WITHOUT_ROLE"),
        ({"LOTSEN_OIDC_LOGOUT": "everywhere"}, "LOTSEN_OIDC_LOGOUT"),
        ({"LOTSEN_OIDC_DEADLINE_SECONDS": "0"}, "LOTSEN_OIDC_DEADLINE_SECONDS"),
    ],
)
def test_a_bad_setting_names_its_variable(env, named):
    with pytest.raises(SettingsError, match=named):
        from_env({**BASE, **env})
