"""The outbox's settings, the same names in every service: ``LOTSEN_OUTBOX_*``, ``LOTSEN_SMTP_*``, ``LOTSEN_SMS_*``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from shared.outbound import OutboundPolicy
from shared.outbox.domain import Timing
from shared.outbox.email import SmtpConfig
from shared.outbox.sms import ADAPTERS
from shared.settings import Settings, SettingsError, env_choice, env_int, env_port

_ADDRESS = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_DEFAULT_PORT = {"starttls": 587, "tls": 465, "off": 25}


@dataclass(frozen=True, slots=True)
class OutboxSettings:
    """Retry schedule, e-mail relay (None: e-mail waits), SMS adapter and the outbound address policy."""

    timing: Timing
    smtp: SmtpConfig | None
    sms_adapter: str
    policy: OutboundPolicy


def timing_from_env(env: Mapping[str, str]) -> Timing:
    """``LOTSEN_OUTBOX_*``: job interval, deadline, batch, attempts and backoff."""
    timing = Timing(
        interval_seconds=env_int(env, "LOTSEN_OUTBOX_INTERVAL_SECONDS", 5, 1, 3600),
        timeout_seconds=env_int(env, "LOTSEN_OUTBOX_TIMEOUT_SECONDS", 10, 1, 120),
        batch=env_int(env, "LOTSEN_OUTBOX_BATCH", 20, 1, 500),
        max_attempts=env_int(env, "LOTSEN_OUTBOX_MAX_ATTEMPTS", 16, 1, 100),
        backoff_seconds=env_int(env, "LOTSEN_OUTBOX_BACKOFF_SECONDS", 10, 1, 86400),
        max_backoff_seconds=env_int(env, "LOTSEN_OUTBOX_MAX_BACKOFF_SECONDS", 3600, 1, 7 * 86400),
    )
    if timing.max_backoff_seconds < timing.backoff_seconds:
        raise SettingsError("LOTSEN_OUTBOX_MAX_BACKOFF_SECONDS is below LOTSEN_OUTBOX_BACKOFF_SECONDS")
    return timing


def smtp_from_env(env: Mapping[str, str], *, timeout_seconds: float) -> SmtpConfig | None:
    """``LOTSEN_SMTP_HOST`` (unset: e-mail stays queued), ``_PORT``, ``_FROM``, ``_TLS``, credentials.

    The relay is operator configuration, not a user-supplied URL: it is not subject to the outbound policy.
    """
    # The TLS mode and the port are checked even without a host, so a typo stops the service at once
    # rather than on the day a relay is set.
    tls = env_choice(env, "LOTSEN_SMTP_TLS", "starttls", ("starttls", "tls", "off"))
    port = env_port(env, "LOTSEN_SMTP_PORT", _DEFAULT_PORT[tls])
    host = (env.get("LOTSEN_SMTP_HOST") or "").strip()
    if not host:
        return None
    sender = (env.get("LOTSEN_SMTP_FROM") or "").strip()
    if not _ADDRESS.match(sender):
        raise SettingsError("LOTSEN_SMTP_FROM must be an e-mail address such as lotsen@kommun.example.se")
    username = env.get("LOTSEN_SMTP_USERNAME") or None
    password = env.get("LOTSEN_SMTP_PASSWORD") or None
    if (username is None) != (password is None):
        raise SettingsError("LOTSEN_SMTP_USERNAME and LOTSEN_SMTP_PASSWORD are set together or not at all")
    return SmtpConfig(
        host=host, port=port, sender=sender, tls=tls,
        username=username, password=password, timeout_seconds=timeout_seconds,
    )  # fmt: skip


def outbox_settings(settings: Settings) -> OutboxSettings:
    """Read every outbox setting once; a bad value raises one line naming the variable."""
    env = settings.extra
    timing = timing_from_env(env)
    return OutboxSettings(
        timing=timing,
        smtp=smtp_from_env(env, timeout_seconds=timing.timeout_seconds),
        sms_adapter=env_choice(env, "LOTSEN_SMS_ADAPTER", "log" if settings.dev else "off", ADAPTERS),
        policy=OutboundPolicy.from_settings(settings),
    )
