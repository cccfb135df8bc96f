"""The outbox's pure parts: backoff and lease, Standard Webhooks signatures, redaction, settings."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from shared.outbox import signing
from shared.outbox.domain import Timing
from shared.outbox.people import REDACTED, redact
from shared.outbox.settings import outbox_settings
from shared.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("attempt", "delay"), [(1, 30.0), (2, 60.0), (3, 120.0), (7, 1920.0), (8, 3600.0), (9, 3600.0), (10, None)]
)
def test_backoff_doubles_from_the_base_is_capped_and_stops_at_the_last_attempt(attempt, delay):
    assert Timing(backoff_seconds=30, max_backoff_seconds=3600, max_attempts=10).retry_delay(attempt) == delay


def test_a_claim_holds_for_two_deadlines_and_thirty_seconds():
    assert Timing(timeout_seconds=10).lease_seconds == 50.0


def test_the_signature_is_what_the_standardwebhooks_library_computes():
    secret = signing.new_secret()
    body = '{"type":"group.updated","name":"Sfi på kvällen"}'
    stamp = 1_780_000_000
    ours = signing.headers(secret, msg_id="msg_1", timestamp=stamp, body=body.encode())
    theirs = Webhook(secret).sign("msg_1", datetime.fromtimestamp(stamp, UTC), body)
    assert ours == {"webhook-id": "msg_1", "webhook-timestamp": str(stamp), "webhook-signature": theirs}


def test_a_legacy_secret_keeps_its_key_as_whsec_and_base64_of_its_bytes():
    legacy = "old-shared-secret-" + "x" * 30
    migrated = "whsec_" + base64.b64encode(legacy.encode()).decode()
    assert signing.secret_key(migrated) == legacy.encode()


@pytest.mark.parametrize(
    ("secret", "why"),
    [
        ("s" * 40, "must start with whsec_"),
        ("whsec_not base64!", "standard base64"),
        ("whsec_" + base64.b64encode(b"short").decode(), "24 to 256 bytes"),
        ("whsec_" + base64.b64encode(b"k" * 257).decode(), "24 to 256 bytes"),
    ],
)
def test_secrets_that_are_not_standard_webhooks_secrets_are_refused(secret, why):
    with pytest.raises(ValueError, match=why):
        signing.secret_key(secret)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ID 19811218-9876 please", f"ID {REDACTED} please"),
        ("ID 811218-9876", f"ID {REDACTED}"),
        ("8112189876", REDACTED),
        ("198112189876.", f"{REDACTED}."),
        ("samordningsnummer 811278-9873", f"samordningsnummer {REDACTED}"),
        ("order 811218-9875 (check digit wrong)", "order 811218-9875 (check digit wrong)"),
        ("call 070-123 45 67", "call 070-123 45 67"),
        ("reference VAL-2026-7K3M9QXD", "reference VAL-2026-7K3M9QXD"),
        ("points 550 of 1500", "points 550 of 1500"),
    ],
)
def test_valid_identity_numbers_are_redacted_and_other_numbers_kept(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"LOTSEN_OUTBOX_MAX_ATTEMPTS": "0"}, "LOTSEN_OUTBOX_MAX_ATTEMPTS"),
        ({"LOTSEN_OUTBOX_TIMEOUT_SECONDS": "soon"}, "LOTSEN_OUTBOX_TIMEOUT_SECONDS"),
        ({"LOTSEN_OUTBOX_INTERVAL_SECONDS": "0"}, "LOTSEN_OUTBOX_INTERVAL_SECONDS"),
        ({"LOTSEN_OUTBOX_BATCH": "lots"}, "LOTSEN_OUTBOX_BATCH"),
        ({"LOTSEN_OUTBOX_BACKOFF_SECONDS": "600", "LOTSEN_OUTBOX_MAX_BACKOFF_SECONDS": "60"},
         "LOTSEN_OUTBOX_MAX_BACKOFF_SECONDS"),
        ({"LOTSEN_SMTP_HOST": "smtp.kommun.example.se"}, "LOTSEN_SMTP_FROM"),
        ({"LOTSEN_SMTP_HOST": "smtp.example.se", "LOTSEN_SMTP_FROM": "lotsen"}, "LOTSEN_SMTP_FROM"),
        ({"LOTSEN_SMTP_HOST": "smtp.example.se", "LOTSEN_SMTP_FROM": "a@b.se", "LOTSEN_SMTP_TLS": "yes"},
         "LOTSEN_SMTP_TLS"),
        ({"LOTSEN_SMTP_HOST": "smtp.example.se", "LOTSEN_SMTP_FROM": "a@b.se", "LOTSEN_SMTP_PORT": "0"},
         "LOTSEN_SMTP_PORT"),
        ({"LOTSEN_SMTP_HOST": "smtp.example.se", "LOTSEN_SMTP_FROM": "a@b.se", "LOTSEN_SMTP_USERNAME": "u"},
         "LOTSEN_SMTP_USERNAME"),
        ({"LOTSEN_SMS_ADAPTER": "twilio"}, "LOTSEN_SMS_ADAPTER"),
        ({"LOTSEN_OUTBOUND_ALLOW": "intranet"}, "LOTSEN_OUTBOUND_ALLOW"),
    ],
)  # fmt: skip
def test_bad_outbox_settings_stop_the_service_naming_the_variable(settings_env, env, named):
    with pytest.raises(SettingsError) as err:
        outbox_settings(load_settings({**settings_env, **env}))
    assert str(err.value).startswith(named) and "\n" not in str(err.value)


def test_smtp_defaults_follow_the_tls_mode_and_sms_logs_only_outside_production(settings_env):
    base = {**settings_env, "LOTSEN_SMTP_HOST": "smtp.example.se", "LOTSEN_SMTP_FROM": "lotsen@example.se"}
    dev = outbox_settings(load_settings(base))
    assert (dev.smtp.port, dev.smtp.tls, dev.sms_adapter) == (587, "starttls", "log")
    prod = outbox_settings(load_settings({**base, "LOTSEN_ENV": "production", "LOTSEN_SMTP_TLS": "tls"}))
    assert (prod.smtp.port, prod.sms_adapter, prod.policy.https_only) == (465, "off", True)
    assert outbox_settings(load_settings(settings_env)).smtp is None
