"""Typed settings of the sfi_schedule service, built from ``LOTSEN_SFI_*`` variables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time

from shared.settings import Settings, env_bool, env_int, env_parsed


def _hhmm(raw: str) -> time:
    hours, minutes = raw.strip().split(":")
    return time(int(hours), int(minutes))


def _courses(raw: str) -> frozenset[str]:
    codes = frozenset(c.strip().upper() for c in raw.split(",") if c.strip())
    if not codes <= {"A", "B", "C", "D"}:
        raise ValueError(raw)
    return codes


@dataclass(frozen=True, slots=True)
class SfiConfig:
    """Per-municipality rules and job timings of the SFI schedule."""

    evening_start: time = time(17, 0)
    registerkontroll_months: int = 12
    small_group_cap: int = 12
    distance_excluded_courses: frozenset[str] = frozenset({"A"})
    publish_job_seconds: int = 5
    feed_refresh_minutes: int = 60
    catalog_cache: bool = True  # the public group list cached in-process, invalidated by LISTEN/NOTIFY

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SfiConfig:
        """Read the ``LOTSEN_SFI_*`` variables; a bad value raises one line naming the variable."""
        return cls(
            evening_start=env_parsed(env, "LOTSEN_SFI_EVENING_START", time(17, 0), _hhmm, "a time like 17:00"),
            registerkontroll_months=env_int(env, "LOTSEN_SFI_REGISTERKONTROLL_MONTHS", 12, 1, 120),
            small_group_cap=env_int(env, "LOTSEN_SFI_SMALL_GROUP_CAP", 12, 1, 100),
            distance_excluded_courses=env_parsed(
                env, "LOTSEN_SFI_DISTANCE_EXCLUDED_COURSES", frozenset({"A"}), _courses, "a list of courses A-D"
            ),
            publish_job_seconds=env_int(env, "LOTSEN_SFI_PUBLISH_JOB_SECONDS", 5, 1, 3600),
            feed_refresh_minutes=env_int(env, "LOTSEN_SFI_FEED_REFRESH_MINUTES", 60, 5, 10080),
            catalog_cache=env_bool(env, "LOTSEN_SFI_CATALOG_CACHE", True),
        )


def from_settings(settings: Settings) -> SfiConfig:
    """The service's config from the process settings (``settings.extra`` holds every raw variable)."""
    return SfiConfig.from_env(settings.extra)
