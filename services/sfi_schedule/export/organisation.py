"""Organisations (the municipality as huvudman, providers, venues as school units), rooms and syllabuses."""

from __future__ import annotations

from typing import Any

from services.sfi_schedule.export.ids import syllabus_id
from services.sfi_schedule.export.sources import SCHOOL_TYPE, Row, Sources, meta


def _huvudman(src: Sources) -> dict[str, Any] | None:
    if not src.providers:
        return None  # no SFI at all yet; the huvudman appears with its first provider
    since = min(r["created_at"] for r in src.providers)
    out: dict[str, Any] = {"id": src.huvudman, "meta": meta(since, since),
                           "displayName": src.config.municipality_name, "organisationType": "Huvudman"}  # fmt: skip
    if src.config.organisation_number:
        out["organisationNumber"] = src.config.organisation_number
    if src.config.municipality_code:
        out["municipalityCode"] = src.config.municipality_code
    return out


def _provider(src: Sources, row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(row["id"]), "meta": meta(row["created_at"], row["updated_at"]), "displayName": row["name"],
        "organisationType": "Skola", "parentOrganisation": src.org_ref(src.huvudman),
    }  # fmt: skip
    if row["organisation_number"]:
        out["organisationNumber"] = row["organisation_number"]
    if src.config.municipality_code:
        out["municipalityCode"] = src.config.municipality_code
    return out


def _venue(src: Sources, row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": str(row["id"]), "meta": meta(row["created_at"], row["updated_at"]), "displayName": row["name"],
        "organisationType": "Skolenhet", "parentOrganisation": src.org_ref(row["provider_id"]),
        "schoolTypes": [SCHOOL_TYPE],
    }  # fmt: skip
    if row["street"] and row["postal_code"] and row["city"]:  # the standard's address needs all three
        out["address"] = {"type": "Besöksadress", "streetAddress": row["street"], "postalCode": row["postal_code"],
                          "locality": row["city"]}  # fmt: skip
    if src.config.municipality_code:
        out["municipalityCode"] = src.config.municipality_code
    return out


def organisations(src: Sources) -> list[dict[str, Any]]:
    """Every organisation: the huvudman, its providers (type Skola) and their venues (type Skolenhet)."""
    top = _huvudman(src)
    return ([top] if top else []) + [_provider(src, r) for r in src.providers] + [_venue(src, r) for r in src.venues]


def rooms(src: Sources) -> list[dict[str, Any]]:
    """Every live room, owned by its venue."""
    return [
        {"id": str(r["id"]), "meta": meta(r["created_at"], r["updated_at"]), "displayName": r["name"],
         "seats": r["seats"], "owner": src.org_ref(r["venue_id"])}
        for r in src.rooms
    ]  # fmt: skip


def syllabus(row: Row) -> dict[str, Any]:
    """The syllabus of one SFI course, with Skolverket's subject and course codes."""
    return {
        "id": str(syllabus_id(row["code"])), "meta": meta(row["since"], row["since"]), "schoolType": SCHOOL_TYPE,
        "subjectCode": "SFI", "subjectName": "Svenska för invandrare", "subjectDesignation": "SFI",
        "courseCode": f"SFIKUR{row['code']}", "courseName": row["name_sv"], "official": True,
    }  # fmt: skip


def syllabuses(src: Sources) -> list[dict[str, Any]]:
    """SFI courses A–D."""
    return [syllabus(r) for r in src.courses]
