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
    def from_env(cls, env: Mapping[str, str], *, registerkontroll_months: int) -> PlacementConfig:
        """Read the targets (a bad value raises one line naming the variable); the registerkontroll validity is
        the schedule's own setting (``LOTSEN_SFI_REGISTERKONTROLL_MONTHS``, parsed once by ``SfiConfig``)."""
        return cls(
            target_municipal=env_int(env, "LOTSEN_SFI_PLACEMENT_TARGET_MUNICIPAL", 100, 0, 100_000),
            target_private=env_int(env, "LOTSEN_SFI_PLACEMENT_TARGET_PRIVATE", 0, 0, 100_000),
            registerkontroll_months=registerkontroll_months,
        )


PLACEMENT_CONFIG = web.AppKey("sfi_placement_config", PlacementConfig)
