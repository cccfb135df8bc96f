"""Settings of the follow-up records (per municipality): how long outcome records are kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web

from shared.settings import env_int


@dataclass(frozen=True, slots=True)
class FollowupConfig:
    """Retention of outcome records, counted from the day each describes, and how often the purge runs."""

    retention_months: int = 36
    purge_job_seconds: int = 3600

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> FollowupConfig:
        """Read ``LOTSEN_SFI_OUTCOME_*``; a bad value raises one line naming the variable."""
        return cls(
            retention_months=env_int(env, "LOTSEN_SFI_OUTCOME_RETENTION_MONTHS", 36, 1, 240),
            purge_job_seconds=env_int(env, "LOTSEN_SFI_OUTCOME_PURGE_JOB_SECONDS", 3600, 60, 86400),
        )


FOLLOWUP_CONFIG = web.AppKey("sfi_followup_config", FollowupConfig)
