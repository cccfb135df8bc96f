"""Typed settings of enrolment, matching and the start guarantee, from ``LOTSEN_SFI_*`` variables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aiohttp import web

from services.sfi_schedule.config import SfiConfig
from shared.settings import Settings, env_int, env_parsed


def _hours(raw: str) -> float:
    value = float(raw)
    if not 0 < value <= 24 * 60:
        raise ValueError(raw)
    return value


@dataclass(frozen=True, slots=True)
class EnrolmentConfig:
    """Offer window, job timings, the legal start deadline and the matching horizon (per municipality)."""

    offer_hours: float = 48.0
    offer_job_seconds: int = 30
    start_deadline_months: int = 3
    establishment_deadline_months: int = 1
    at_risk_days: int = 14
    deadline_job_seconds: int = 3600
    match_horizon_weeks: int = 8
    schedule: SfiConfig = field(default_factory=SfiConfig)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> EnrolmentConfig:
        """Read the variables; a bad value raises one line naming the variable."""
        return cls(
            offer_hours=env_parsed(env, "LOTSEN_SFI_OFFER_HOURS", 48.0, _hours, "a number of hours above 0"),
            offer_job_seconds=env_int(env, "LOTSEN_SFI_OFFER_JOB_SECONDS", 30, 1, 3600),
            start_deadline_months=env_int(env, "LOTSEN_SFI_START_DEADLINE_MONTHS", 3, 1, 24),
            establishment_deadline_months=env_int(env, "LOTSEN_SFI_ESTABLISHMENT_DEADLINE_MONTHS", 1, 1, 24),
            at_risk_days=env_int(env, "LOTSEN_SFI_AT_RISK_DAYS", 14, 0, 365),
            deadline_job_seconds=env_int(env, "LOTSEN_SFI_DEADLINE_JOB_SECONDS", 3600, 1, 86400),
            match_horizon_weeks=env_int(env, "LOTSEN_SFI_MATCH_HORIZON_WEEKS", 8, 1, 52),
            schedule=SfiConfig.from_env(env),
        )


def enrolment_config(settings: Settings) -> EnrolmentConfig:
    """The enrolment config from the process settings."""
    return EnrolmentConfig.from_env(settings.extra)


ENROLMENT_CONFIG = web.AppKey("sfi_enrolment_config", EnrolmentConfig)
