"""The municipality's targets (``LOTSEN_FOLLOWUP_*``), and the clock that says which day it is in Sweden."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aiohttp import web

from shared.settings import env_choice, env_parsed


def _number_or_off(lo: float, hi: float) -> Callable[[str], float | None]:
    def parse(raw: str) -> float | None:
        if raw.strip().lower() == "off":
            return None
        value = float(raw)
        if not lo <= value <= hi:
            raise ValueError(raw)
        return value

    return parse


@dataclass(frozen=True, slots=True)
class TargetConfig:
    """Each target of the programmes, set per municipality; ``None`` switches one off.

    Defaults: the legal SFI start guarantee for everyone; Karlstad's "75 % within 2 years" (here: in work or
    studies 24 months after the SFI start) and "at least 100 placements a year in municipal units"; a median
    of 90 days from a validation application to its decision. No default for the SFI pass rate.
    """

    sfi_start_percent: float | None = 100.0
    work_or_studies_percent: float | None = 75.0
    work_or_studies_months: int = 24
    work_or_studies_since: str = "sfiStart"
    placements_per_year: float | None = 100.0
    placements_employer: str = "municipal"
    validation_median_days: float | None = 90.0
    sfi_pass_percent: float | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TargetConfig:
        """Read the targets; a bad value raises one line naming the variable."""
        pct, what = _number_or_off(0, 100), "a percentage 0-100 or off"
        return cls(
            sfi_start_percent=env_parsed(env, "LOTSEN_FOLLOWUP_TARGET_SFI_START", 100.0, pct, what),
            work_or_studies_percent=env_parsed(env, "LOTSEN_FOLLOWUP_TARGET_WORK_OR_STUDIES", 75.0, pct, what),
            work_or_studies_months=int(env_choice(env, "LOTSEN_FOLLOWUP_TARGET_WORK_OR_STUDIES_MONTHS", "24",
                                                  ("6", "12", "24"))),
            work_or_studies_since=env_choice(env, "LOTSEN_FOLLOWUP_TARGET_WORK_OR_STUDIES_SINCE", "sfiStart",
                                             ("sfiStart", "arrival")),
            placements_per_year=env_parsed(env, "LOTSEN_FOLLOWUP_TARGET_PLACEMENTS", 100.0,
                                           _number_or_off(0, 1_000_000), "a number of placements or off"),
            placements_employer=env_choice(env, "LOTSEN_FOLLOWUP_TARGET_PLACEMENTS_EMPLOYER", "municipal",
                                           ("municipal", "private", "all")),
            validation_median_days=env_parsed(env, "LOTSEN_FOLLOWUP_TARGET_VALIDATION_DAYS", 90.0,
                                              _number_or_off(0, 3650), "a number of days or off"),
            sfi_pass_percent=env_parsed(env, "LOTSEN_FOLLOWUP_TARGET_SFI_PASS", None, pct, what),
        )  # fmt: skip


TARGET_CONFIG = web.AppKey("followup_targets", TargetConfig)
