"""Organisations (the municipality as huvudman, providers, venues as school units), rooms and syllabuses."""

from __future__ import annotations

from typing import Any

from services.sfi_schedule.export.ids import syllabus_id
from services.sfi_schedule.export.sources import SCHOOL_TYPE, Row, Sources, meta


def _org(src: Sources, id: Any, meta_: dict[str, str], name: str, kind: str, parent: Any,
         organisation_number: str | None = None) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"id": str(id), "meta": meta_, "displayName": name, "organisationType": kind}
    if parent is not None:
        out["parentOrganisation"] = src.org_ref(parent)
    if organisation_number:
        out["organisationNumber"] = organisation_number
    if src.config.municipality_code:  # every part of the municipality's SFI is in the municipality
        out["municipalityCode"] = src.config.municipality_code
    return out


def _huvudman(src: Sources) -> dict[str, Any] | None:
    if not src.providers:
        return None  # no SFI at all yet; the huvudman appears with its first provider
    since = min(r["created_at"] for r in src.providers)
    return _org(src, src.huvudman, meta(since, since), src.config.municipality_name, "Huvudman", None,
                src.config.organisation_number)  # fmt: skip


def _provider(src: Sources, row: Row) -> dict[str, Any]:
    return _org(src, row["id"], meta(row["created_at"], row["updated_at"]), row["name"], "Skola", src.huvudman,
                row["organisation_number"])  # fmt: skip


def _venue(src: Sources, row: Row) -> dict[str, Any]:
    out = _org(src, row["id"], meta(row["created_at"], row["updated_at"]), row["name"], "Skolenhet",
               row["provider_id"])  # fmt: skip
    out["schoolTypes"] = [SCHOOL_TYPE]
    if row["street"] and row["postal_code"] and row["city"]:  # the standard's address needs all three
        out["address"] = {"type": "Besöksadress", "streetAddress": row["street"], "postalCode": row["postal_code"],
                          "locality": row["city"]}  # fmt: skip
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
