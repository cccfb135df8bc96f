"""How a case is shown: which fields each kind of reader sees, numbers masked unless entitled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

from services.validation.applications.domain import Access, sees_contact
from services.validation.workflow.domain import next_states
from shared.personnummer import mask


def identity_json(row: Mapping[str, Any], access: Access) -> dict[str, Any] | None:
    """The identity number: full for caseworkers, ``YYYYMMDD-****`` for everyone else."""
    if row["identity_kind"] is None:
        return None
    if row["identity_kind"] == "none":
        return {"kind": "none", **(row["details"].get("noSwedishNumber") or {})}
    number = row["identity_number"]
    return {"kind": row["identity_kind"], "number": number if access.is_caseworker else mask(number)}


def document_json(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Document metadata."""
    return {
        "id": str(doc["id"]),
        "kind": doc["kind"],
        "filename": doc["filename"],
        "mediaType": doc["media_type"],
        "sizeBytes": doc["size_bytes"],
        "sha256": doc["sha256"],
        "uploadedAt": doc["uploaded_at"].isoformat(),
    }


def decision_json(decision: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The decision: outcome per course, the gap list and the points."""
    if decision is None:
        return None
    return {
        "outcome": decision["outcome"],
        "profile": decision["profile_code"],
        "courses": decision["courses"],
        "gapList": decision["gap_list"],
        "pointsValidated": decision["points_validated"],
        "pointsRemaining": decision["points_remaining"],
        "note": decision["note"],
        "decidedAt": decision["decided_at"].isoformat(),
    }


def application_json(
    row: asyncpg.Record,
    *,
    access: Access,
    precheck: Mapping[str, Any],
    documents: Sequence[Mapping[str, Any]] = (),
    decision: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The case as this reader may see it."""
    details = row["details"]
    actor = "nobody" if not access.writable else "caseworker" if access.is_caseworker else "applicant"
    contact = sees_contact(access, protected_identity=row["protected_identity"], assigned_to=row["assigned_to"])
    return {
        "id": str(row["id"]),
        "reference": row["reference"],
        "state": row["state"],
        "version": row["version"],
        "targetRole": row["role_code"],
        "identity": identity_json(row, access),
        "name": details.get("name"),
        "contact": details.get("contact") if contact else None,
        "protectedIdentity": row["protected_identity"],
        "preferredLanguage": row["preferred_language"],
        "education": details.get("education", []),
        "experience": details.get("experience", []),
        "swedishLevel": details.get("swedishLevel"),
        "claims": details.get("claims", {}),
        "precheck": dict(precheck),
        "documents": [document_json(d) for d in documents],
        "decision": decision_json(decision),
        "assessment": row["assessment"],
        "assignedTo": row["assigned_to"],
        "allowedTransitions": next_states(row["state"], actor),
        "submittedAt": row["submitted_at"].isoformat(),
        "stateChangedAt": row["state_changed_at"].isoformat(),
    }


def receipt_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """The public part of a just-submitted case: what a replay of the submission answers, nothing personal."""
    return {
        "id": str(row["id"]),
        "reference": row["reference"],
        "targetRole": row["role_code"],
        "state": row["state"],
        "version": row["version"],
        "submittedAt": row["submitted_at"].isoformat(),
        "stateChangedAt": row["state_changed_at"].isoformat(),
    }
