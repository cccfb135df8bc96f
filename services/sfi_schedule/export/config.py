"""Settings of the SS 12000 export: the municipality that is the huvudman of its SFI (``LOTSEN_SFI_MUNICIPALITY_*``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web

from shared.settings import env_parsed


def _pattern(regex: str):
    def parse(raw: str) -> str:
        if not re.fullmatch(regex, raw.strip()):
            raise ValueError(raw)
        return raw.strip()

    return parse


DEFAULT_NAME = "Exempelstads kommun"


@dataclass(frozen=True, slots=True)
class Ss12000Config:
    """The huvudman's name, kommunkod (four digits, e.g. 0180) and organisation number (NNNNNN-NNNN)."""

    municipality_name: str = DEFAULT_NAME
    municipality_code: str | None = None
    organisation_number: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Ss12000Config:
        """Read the ``LOTSEN_SFI_MUNICIPALITY_*`` variables; a bad value raises one line naming the variable."""
        return cls(
            municipality_name=env_parsed(env, "LOTSEN_SFI_MUNICIPALITY_NAME", DEFAULT_NAME,
                                         _pattern(r"\S.{0,199}"), "a name"),
            municipality_code=env_parsed(env, "LOTSEN_SFI_MUNICIPALITY_CODE", None, _pattern(r"\d{4}"),
                                         "a four-digit kommunkod like 0180"),
            organisation_number=env_parsed(env, "LOTSEN_SFI_MUNICIPALITY_ORGNO", None, _pattern(r"\d{6}-?\d{4}"),
                                           "an organisation number like 212000-0142"),
        )  # fmt: skip


SS12000_CONFIG = web.AppKey("ss12000_config", Ss12000Config)
