"""The validation service's own typed settings, built from ``settings.extra`` (``LOTSEN_VALIDATION_*``)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from shared.settings import Settings, SettingsError, env_int, env_parsed, parse_size


@dataclass(frozen=True, slots=True)
class ValidationConfig:
    """Limits, waiting times and retention of the validation service (per municipality)."""

    max_file_bytes: int = 10 * 1024**2
    max_application_bytes: int = 50 * 1024**2
    supplement_reminder_days: int = 14
    waiting_flag_days: int = 60
    retention_months: int = 12
    job_interval_seconds: int = 300


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
    )
    if config.max_application_bytes < config.max_file_bytes:
        raise SettingsError("LOTSEN_VALIDATION_MAX_APPLICATION_SIZE is below LOTSEN_VALIDATION_MAX_FILE_SIZE")
    return config


CONFIG = web.AppKey("validation_config", ValidationConfig)
