"""Typed settings of the sfi_schedule service, built once from ``LOTSEN_SFI_*`` variables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time

from aiohttp import web

from shared.i18n import LANGUAGES
from shared.normalise import ascii_numeric
from shared.settings import Settings, SettingsError, env_bool, env_choice, env_int, env_parsed


def _hhmm(raw: str) -> time:
    hours, minutes = ascii_numeric(raw).strip().split(":")
    return time(int(hours), int(minutes))


def _paths(raw: str) -> frozenset[int]:
    paths = frozenset(int(p) for p in ascii_numeric(raw).split(",") if p.strip())
    if not paths or not paths <= {1, 2, 3}:
        raise ValueError(raw)
    return paths


def _window(env: Mapping[str, str], name: str, default: tuple[time, time]) -> tuple[time, time]:
    """A daily window from ``<name>_START`` and ``<name>_END``; the end must come after the start."""
    start = env_parsed(env, f"{name}_START", default[0], _hhmm, "a time like 08:00")
    end = env_parsed(env, f"{name}_END", default[1], _hhmm, "a time like 16:00")
    if end <= start:
        raise SettingsError(f"{name}_END={end:%H:%M} is not after {name}_START={start:%H:%M}")
    return start, end


def _courses(raw: str) -> frozenset[str]:
    codes = frozenset(c.strip().upper() for c in raw.split(",") if c.strip())
    if not codes <= {"A", "B", "C", "D"}:
        raise ValueError(raw)
    return codes


_ADDRESS = re.compile(r"^[^@\s<>\",]+@[^@\s<>\",]+\.[^@\s<>\",]+$")


def _addresses(raw: str) -> tuple[str, ...]:
    found = tuple(a.strip() for a in raw.split(",") if a.strip())
    if not found or not all(_ADDRESS.match(a) for a in found):
        raise ValueError(raw)
    return found


def _hours(raw: str) -> float:
    value = float(raw)
    if not 0 < value <= 24 * 60:
        raise ValueError(raw)
    return value


@dataclass(frozen=True, slots=True)
class SfiConfig:
    """Per-municipality rules of schedules and enrolment, and the job timings (one object per process).

    The defaults are the domain brief's DEFAULTs (docs/sfi-schedule.md lists every rule and its setting).
    """

    # Daytime groups (standard, kombo, parental leave) meet within 08:00-16:00; evening groups start at or
    # after 17:00 and end by 21:30. Evening groups on these study paths only, unless a provider says otherwise.
    day_start: time = time(8, 0)
    day_end: time = time(16, 0)
    evening_start: time = time(17, 0)
    evening_end: time = time(21, 30)
    evening_paths: frozenset[int] = frozenset({1, 2, 3})
    registerkontroll_months: int = 12
    small_group_cap: int = 12
    distance_excluded_courses: frozenset[str] = frozenset({"A"})
    publish_job_seconds: int = 5
    feed_refresh_minutes: int = 60
    catalog_cache: bool = True  # the public group list cached in-process, invalidated by LISTEN/NOTIFY
    # Enrolment: the offer window, the legal start deadline (3 months, 1 in the establishment programme),
    # when a learner counts as at risk of missing it, and how far ahead matching looks.
    offer_hours: float = 48.0
    offer_job_seconds: int = 30
    # Notifications: a reminder this many hours before an open offer runs out; who hears how scheduled
    # publications went (none: nobody is told) and in which language.
    offer_reminder_hours: float = 12.0
    admin_emails: tuple[str, ...] = ()
    admin_language: str = "sv"
    start_deadline_months: int = 3
    establishment_deadline_months: int = 1
    at_risk_days: int = 14
    deadline_job_seconds: int = 3600
    match_horizon_weeks: int = 8
    study_duty_weeks: int = 4  # the establishment programme's 23 h/week is averaged over the next 4 weeks
    # Follow-up: outcome records are kept this long after the day each describes (the 24-month figure and a
    # year to report it need 36), and how often the purge runs.
    outcome_retention_months: int = 36
    outcome_purge_job_seconds: int = 3600
    application_retention_months: int = 12

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SfiConfig:
        """Read the ``LOTSEN_SFI_*`` variables; a bad value raises one line naming the variable."""
        day_start, day_end = _window(env, "LOTSEN_SFI_DAYTIME", (time(8, 0), time(16, 0)))
        evening_start, evening_end = _window(env, "LOTSEN_SFI_EVENING", (time(17, 0), time(21, 30)))
        return cls(
            day_start=day_start,
            day_end=day_end,
            evening_start=evening_start,
            evening_end=evening_end,
            evening_paths=env_parsed(
                env, "LOTSEN_SFI_EVENING_PATHS", frozenset({1, 2, 3}), _paths, "a list of study paths 1-3"
            ),
            registerkontroll_months=env_int(env, "LOTSEN_SFI_REGISTERKONTROLL_MONTHS", 12, 1, 120),
            small_group_cap=env_int(env, "LOTSEN_SFI_SMALL_GROUP_CAP", 12, 1, 100),
            distance_excluded_courses=env_parsed(
                env, "LOTSEN_SFI_DISTANCE_EXCLUDED_COURSES", frozenset({"A"}), _courses, "a list of courses A-D"
            ),
            publish_job_seconds=env_int(env, "LOTSEN_SFI_PUBLISH_JOB_SECONDS", 5, 1, 3600),
            feed_refresh_minutes=env_int(env, "LOTSEN_SFI_FEED_REFRESH_MINUTES", 60, 5, 10080),
            catalog_cache=env_bool(env, "LOTSEN_SFI_CATALOG_CACHE", True),
            offer_hours=env_parsed(env, "LOTSEN_SFI_OFFER_HOURS", 48.0, _hours, "a number of hours above 0"),
            offer_job_seconds=env_int(env, "LOTSEN_SFI_OFFER_JOB_SECONDS", 30, 1, 3600),
            offer_reminder_hours=env_parsed(
                env, "LOTSEN_SFI_OFFER_REMINDER_HOURS", 12.0, _hours, "a number of hours above 0"
            ),
            admin_emails=env_parsed(
                env, "LOTSEN_SFI_ADMIN_EMAILS", (), _addresses, "a comma-separated list of e-mail addresses"
            ),
            admin_language=env_choice(env, "LOTSEN_SFI_ADMIN_LANGUAGE", "sv", LANGUAGES),
            start_deadline_months=env_int(env, "LOTSEN_SFI_START_DEADLINE_MONTHS", 3, 1, 24),
            establishment_deadline_months=env_int(env, "LOTSEN_SFI_ESTABLISHMENT_DEADLINE_MONTHS", 1, 1, 24),
            at_risk_days=env_int(env, "LOTSEN_SFI_AT_RISK_DAYS", 14, 0, 365),
            deadline_job_seconds=env_int(env, "LOTSEN_SFI_DEADLINE_JOB_SECONDS", 3600, 1, 86400),
            match_horizon_weeks=env_int(env, "LOTSEN_SFI_MATCH_HORIZON_WEEKS", 8, 1, 52),
            study_duty_weeks=env_int(env, "LOTSEN_SFI_STUDY_DUTY_WEEKS", 4, 1, 26),
            outcome_retention_months=env_int(env, "LOTSEN_SFI_OUTCOME_RETENTION_MONTHS", 36, 1, 240),
            outcome_purge_job_seconds=env_int(env, "LOTSEN_SFI_OUTCOME_PURGE_JOB_SECONDS", 3600, 60, 86400),
            application_retention_months=env_int(env, "LOTSEN_SFI_APPLICATION_RETENTION_MONTHS", 12, 1, 120),
        )


def from_settings(settings: Settings) -> SfiConfig:
    """The service's config from the process settings (``settings.extra`` holds every raw variable)."""
    return SfiConfig.from_env(settings.extra)


CONFIG = web.AppKey("sfi_config", SfiConfig)
