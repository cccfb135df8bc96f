"""The occupation register and shortage lists as JSON (titles in Swedish and English, demand texts by language)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.validation.messages import message
from services.validation.shortage.domain import Occupation, ShortageList


def occupation_json(occupation: Occupation) -> dict[str, Any]:
    """One occupation of the register with its way in."""
    return {
        "ssyk": occupation.ssyk,
        "titleSv": occupation.title_sv,
        "titleEn": occupation.title_en,
        "role": occupation.role_code,
        "educationFields": list(occupation.education_fields),
        "sfiLevel": occupation.sfi_level,
        "swedishCourses": list(occupation.swedish_courses),
        "drivingLicences": list(occupation.driving_licences),
        "requirementSource": occupation.requirement_source,
    }


def list_json(found: ShortageList, register: Mapping[str, Occupation], lang: str) -> dict[str, Any]:
    """One version of a municipality's list; an occupation outside the register keeps the list's own title."""
    data = []
    for entry in found.entries:
        known = register.get(entry.ssyk)
        data.append({
            "ssyk": entry.ssyk,
            "titleSv": known.title_sv if known else entry.title,
            "titleEn": known.title_en if known else entry.title,
            "title": entry.title,
            "role": known.role_code if known else None,
            "demandLevel": entry.demand_level,
            "demand": message(f"demand.{entry.demand_level}", lang),
            "source": entry.source,
            "sourceDate": entry.source_date.isoformat(),
        })  # fmt: skip
    return {
        "municipality": found.municipality,
        "version": found.version,
        "note": found.note,
        "createdAt": found.created_at.isoformat() if found.created_at else None,
        "data": data,
        "pageToken": None,
    }
