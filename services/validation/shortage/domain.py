"""Occupations and shortage lists as plain values: SSYK 2012 codes, demand levels, the way into each occupation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

# Arbetsförmedlingen's words for the recruitment situation in its occupational forecasts, strongest first.
DEMAND_LEVELS = ("large_shortage", "shortage", "balance", "surplus")
MAX_ENTRIES = 300


@dataclass(frozen=True, slots=True)
class Occupation:
    """An SSYK 2012 unit group of the occupation register, with the way in that Lotsen knows of."""

    ssyk: str
    title_sv: str
    title_en: str
    role_code: str | None = None
    education_fields: tuple[str, ...] = ()
    sfi_level: str | None = None
    swedish_courses: tuple[str, ...] = ()
    driving_licences: tuple[str, ...] = ()
    requirement_source: str = ""

    def title(self, lang: str) -> str:
        """The title in ``lang`` (Swedish unless English is asked for)."""
        return self.title_en if lang == "en" else self.title_sv


@dataclass(frozen=True, slots=True)
class ShortageEntry:
    """One occupation in local demand: how strong, according to whom, as of when."""

    ssyk: str
    demand_level: str
    source: str
    source_date: date
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ShortageList:
    """One version of a municipality's shortage occupations (version 0: none recorded yet)."""

    municipality: str
    version: int
    entries: tuple[ShortageEntry, ...] = ()
    note: str = ""
    created_by: str | None = None
    created_at: Any = None


def demand_rank(level: str) -> int:
    """0 for the strongest demand; used to order and to break ties."""
    return DEMAND_LEVELS.index(level)


def occupation_from_row(row: Mapping[str, Any]) -> Occupation:
    """An :class:`Occupation` from a ``validation.occupations`` row."""
    return Occupation(
        row["ssyk"], row["title_sv"], row["title_en"], row["role_code"], tuple(row["education_fields"]),
        row["sfi_level"], tuple(row["swedish_courses"]), tuple(row["driving_licences"]), row["requirement_source"],
    )  # fmt: skip


def register_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, Occupation]:
    """The occupation register by SSYK code."""
    return {r["ssyk"]: occupation_from_row(r) for r in rows}


def title_of(ssyk: str, register: Mapping[str, Occupation], lang: str, own: str | None = None) -> str:
    """An occupation's title: the register's, else the one the list gave, else the bare code."""
    known = register.get(ssyk)
    return known.title(lang) if known else own or f"SSYK {ssyk}"


def duplicate_codes(entries: Iterable[Mapping[str, Any]]) -> list[int]:
    """Positions of entries that repeat an SSYK code already listed (a list names each occupation once)."""
    seen: set[str] = set()
    out = []
    for index, entry in enumerate(entries):
        if entry["ssyk"] in seen:
            out.append(index)
        seen.add(entry["ssyk"])
    return out


def list_from_row(row: Mapping[str, Any] | None, *, municipality: str) -> ShortageList:
    """A :class:`ShortageList` from a query row (an empty version 0 when the municipality has none)."""
    if row is None:
        return ShortageList(municipality, 0)
    entries = tuple(
        ShortageEntry(e["ssyk"], e["demandLevel"], e["source"], _date(e["sourceDate"]), e["title"])
        for e in row["entries"]
    )
    return ShortageList(row["municipality"], row["version"], entries, row["note"], row["created_by"], row["created_at"])


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
