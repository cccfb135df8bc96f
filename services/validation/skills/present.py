"""A skills mapping as JSON for its reader: what it records, the applications made from it, and its result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.validation.applications.domain import Access

RECORDED = ("education", "experience", "swedish", "languages", "drivingLicence", "wishes")


def receipt_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """The public part of a mapping: what a replayed creation answers (no personal data, no tracking code)."""
    return {
        "id": str(row["id"]),
        "reference": row["reference"],
        "version": row["version"],
        "createdAt": row["created_at"].isoformat(),
    }


def mapping_json(
    row: Mapping[str, Any],
    *,
    access: Access,
    lang: str,
    result: Mapping[str, Any],
    applications: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The whole mapping; only caseworkers see whose it is."""
    details = row["details"]
    return {
        **receipt_json(row),
        "municipality": row["municipality"],
        "preferredLanguage": row["preferred_language"],
        "language": lang,
        "recordedBy": row["recorded_role"],
        "signedIn": row["owner_sub"] is not None,
        "owner": row["owner_sub"] if access.is_caseworker else None,
        "name": details.get("name"),
        **{key: details.get(key) for key in RECORDED},
        "applications": [
            {
                "id": str(a["application_id"]),
                "reference": a["reference"],
                "targetRole": a["role_code"],
                "state": a["state"],
                "ssyk": a["ssyk"],
                "createdAt": a["created_at"].isoformat(),
            }
            for a in applications
        ],
        "result": dict(result),
        "updatedAt": row["updated_at"].isoformat(),
    }


def item_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A mapping in a list."""
    return {
        "id": str(row["id"]),
        "reference": row["reference"],
        "version": row["version"],
        "recordedBy": row["recorded_role"],
        "signedIn": row["signed_in"],
        "municipality": row["municipality"],
        "name": row["name"],
        "createdAt": row["created_at"].isoformat(),
        "updatedAt": row["updated_at"].isoformat(),
    }
