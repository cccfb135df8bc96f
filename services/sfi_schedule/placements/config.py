"""Typed settings of work placements, from ``LOTSEN_SFI_PLACEMENT_*`` variables (per municipality)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web

from shared.settings import env_int


@dataclass(frozen=True, slots=True)
class PlacementConfig:
    """Yearly targets for placements started, and how long a registerkontroll counts as shown."""

    target_municipal: int = 100  # the programmes' "100 placements a year in the municipality's own units"
    target_private: int = 0  # 0 = no target set for private employers
    registerkontroll_months: int = 12

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PlacementConfig:
        """Read the variables; a bad value raises one line naming the variable."""
        return cls(
            target_municipal=env_int(env, "LOTSEN_SFI_PLACEMENT_TARGET_MUNICIPAL", 100, 0, 100_000),
            target_private=env_int(env, "LOTSEN_SFI_PLACEMENT_TARGET_PRIVATE", 0, 0, 100_000),
            registerkontroll_months=env_int(env, "LOTSEN_SFI_REGISTERKONTROLL_MONTHS", 12, 1, 120),
        )


PLACEMENT_CONFIG = web.AppKey("sfi_placement_config", PlacementConfig)
