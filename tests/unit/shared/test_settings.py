"""Settings: defaults, fixed variable names, and one clear line for a bad value."""

from __future__ import annotations

import dataclasses

import pytest

from shared.db import database_address
from shared.settings import SettingsError, load_settings

BASE = {"LOTSEN_INTERNAL_SECRET": "i" * 40, "LOTSEN_JWT_SECRET": "j" * 40}


def test_defaults_follow_the_architecture(tmp_path):
    s = load_settings({**BASE, "LOTSEN_HOME": str(tmp_path)})
    assert (s.gateway_port, s.validation_port, s.sfi_port) == (8080, 8081, 8082)
    assert s.validation_urls == ("http://127.0.0.1:8081",)
    assert s.sfi_urls == ("http://127.0.0.1:8082",)
    assert s.database_url is None and s.home == tmp_path.resolve()


def test_settings_are_frozen(tmp_path):
    s = load_settings({**BASE, "LOTSEN_HOME": str(tmp_path)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.gateway_port = 1  # type: ignore[misc]


def test_replica_urls_are_comma_separated(tmp_path):
    s = load_settings({**BASE, "LOTSEN_HOME": str(tmp_path), "LOTSEN_SFI_URL": "http://a:1, http://b:2/"})
    assert s.sfi_urls == ("http://a:1", "http://b:2")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOTSEN_GATEWAY_PORT", "eighty"),
        ("LOTSEN_GATEWAY_PORT", "70000"),
        ("LOTSEN_SFI_URL", "ftp://x"),
        ("DATABASE_URL", "mysql://x"),
        ("DATABASE_URL", "postgresql://lotsen:hunter2@db:port/lotsen"),
        ("DATABASE_URL", "postgresql://lotsen:hunter2@[::1/lotsen"),
        ("LOTSEN_INTERNAL_SECRET", "short"),
        ("LOTSEN_ACCESS_LOG", "maybe"),
        ("LOTSEN_ENV", "staging"),
        ("LOTSEN_DB_POOL_MAX", "0"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(tmp_path, name, value):
    with pytest.raises(SettingsError) as err:
        load_settings({**BASE, "LOTSEN_HOME": str(tmp_path), name: value})
    message = str(err.value)
    assert name in message and "\n" not in message
    assert "hunter2" not in message  # a DSN's password is never echoed


def test_dev_secrets_are_generated_once_into_home(tmp_path):
    env = {"LOTSEN_HOME": str(tmp_path)}
    first, second = load_settings(env), load_settings(env)
    assert first.internal_secret == second.internal_secret and len(first.internal_secret) >= 32
    assert first.jwt_secret != first.internal_secret
    assert (tmp_path / "secrets" / "internal_secret").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("dsn", "address"),
    [
        ("postgresql://lotsen:hunter2@db.kommun.se:6432/lotsen", "db.kommun.se:6432"),
        ("postgres://lotsen:hunter2@10.0.0.5/lotsen?sslmode=require", "10.0.0.5:5432"),
        ("postgresql://lotsen:hunter2@[2001:db8::5]:5433/lotsen", "[2001:db8::5]:5433"),
    ],
)
def test_an_unreachable_database_is_named_by_host_and_port_only(dsn, address):
    assert database_address(dsn) == address
