"""The validation service's own typed settings, built from ``settings.extra`` (``LOTSEN_VALIDATION_*``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from aiohttp import web

from shared.settings import Settings, SettingsError, env_int, env_parsed, parse_size

MIN_SECRET_CHARS = 32


@dataclass(frozen=True, slots=True)
class NotifyConfig:
    """Where and how outbox messages go to the municipality's messaging system (no URL: delivery off)."""

    url: str | None = None
    secret: str = field(default="", repr=False)
    interval_seconds: int = 5
    timeout_seconds: int = 10
    batch: int = 20
    max_attempts: int = 16
    backoff_seconds: int = 30
    max_backoff_seconds: int = 3600

    @property
    def enabled(self) -> bool:
        """Delivery runs only with a URL; without one messages stay pending until it is set."""
        return self.url is not None


@dataclass(frozen=True, slots=True)
class ValidationConfig:
    """Limits, waiting times and retention of the validation service (per municipality)."""

    max_file_bytes: int = 10 * 1024**2
    max_application_bytes: int = 50 * 1024**2
    supplement_reminder_days: int = 14
    waiting_flag_days: int = 60
    retention_months: int = 12
    job_interval_seconds: int = 300
    notify: NotifyConfig = field(default_factory=NotifyConfig)


def _http_url(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(raw)
    return raw.strip()


def notify_from_env(env: Mapping[str, str]) -> NotifyConfig:
    """Read ``LOTSEN_VALIDATION_NOTIFY_*``; the secret is required (32+ characters) once a URL is set."""
    url = env_parsed(env, "LOTSEN_VALIDATION_NOTIFY_URL", None, _http_url, "an http(s) URL")
    secret = env.get("LOTSEN_VALIDATION_NOTIFY_SECRET") or ""
    if url is not None and not secret:
        raise SettingsError("LOTSEN_VALIDATION_NOTIFY_SECRET is required when LOTSEN_VALIDATION_NOTIFY_URL is set")
    if secret and len(secret) < MIN_SECRET_CHARS:
        raise SettingsError(f"LOTSEN_VALIDATION_NOTIFY_SECRET must be at least {MIN_SECRET_CHARS} characters")
    config = NotifyConfig(
        url=url,
        secret=secret,
        interval_seconds=env_int(env, "LOTSEN_VALIDATION_NOTIFY_INTERVAL_SECONDS", 5, 1, 3600),
        timeout_seconds=env_int(env, "LOTSEN_VALIDATION_NOTIFY_TIMEOUT_SECONDS", 10, 1, 120),
        max_attempts=env_int(env, "LOTSEN_VALIDATION_NOTIFY_MAX_ATTEMPTS", 16, 1, 100),
        backoff_seconds=env_int(env, "LOTSEN_VALIDATION_NOTIFY_BACKOFF_SECONDS", 30, 1, 86400),
        max_backoff_seconds=env_int(env, "LOTSEN_VALIDATION_NOTIFY_MAX_BACKOFF_SECONDS", 3600, 1, 7 * 86400),
    )
    if config.max_backoff_seconds < config.backoff_seconds:
        raise SettingsError(
            "LOTSEN_VALIDATION_NOTIFY_MAX_BACKOFF_SECONDS is below LOTSEN_VALIDATION_NOTIFY_BACKOFF_SECONDS"
        )
    return config


def from_settings(settings: Settings) -> ValidationConfig:
    """Read ``LOTSEN_VALIDATION_*``; a bad value raises one line naming the variable."""
    env = settings.extra
    size = "a size such as 10MB, 512KB or a number of bytes"
    config = ValidationConfig(
        max_file_bytes=env_parsed(env, "LOTSEN_VALIDATION_MAX_FILE_SIZE", 10 * 1024**2, parse_size, size),
        max_application_bytes=env_parsed(env, "LOTSEN_VALIDATION_MAX_APPLICATION_SIZE", 50 * 1024**2, parse_size, size),
        supplement_reminder_days=env_int(env, "LOTSEN_VALIDATION_SUPPLEMENT_REMINDER_DAYS", 14, 1, 365),
        waiting_flag_days=env_int(env, "LOTSEN_VALIDATION_WAITING_FLAG_DAYS", 60, 1, 3650),
        retention_months=env_int(env, "LOTSEN_VALIDATION_RETENTION_MONTHS", 12, 1, 240),
        job_interval_seconds=env_int(env, "LOTSEN_VALIDATION_JOB_INTERVAL_SECONDS", 300, 5, 86400),
        notify=notify_from_env(env),
    )
    if config.max_application_bytes < config.max_file_bytes:
        raise SettingsError("LOTSEN_VALIDATION_MAX_APPLICATION_SIZE is below LOTSEN_VALIDATION_MAX_FILE_SIZE")
    return config


CONFIG = web.AppKey("validation_config", ValidationConfig)
