"""The API shapes of enrolments and offers (JSON-ready, camelCase)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.sfi_schedule.wire import jsonable


def offer_view(offer: Mapping[str, Any] | None, *, group_name: str | None = None) -> dict[str, Any] | None:
    """An offer of a seat."""
    if offer is None:
        return None
    return jsonable(
        {
            "id": offer["id"],
            "enrolmentId": offer["enrolment_id"],
            "groupId": offer["group_id"],
            "groupName": group_name if group_name is not None else offer.get("group_name"),
            "status": offer["status"],
            "offeredAt": offer["offered_at"],
            "expiresAt": offer["expires_at"],
            "decidedAt": offer["decided_at"],
        }
    )


def enrolment_view(
    row: Mapping[str, Any], *, group_name: str | None, position: int | None, offer: Mapping[str, Any] | None
) -> dict[str, Any]:
    """An enrolment or wait-list entry with its place in line and any open offer."""
    return jsonable(
        {
            "id": row["id"],
            "learnerId": row["learner_id"],
            "groupId": row["group_id"],
            "groupName": group_name,
            "course": row["course_code"],
            "status": row["status"],
            "position": position,
            "queuedAt": row["queued_at"],
            "alternatives": list(row["alternatives"]),
            "anyGroupThatFits": row["any_fit"],
            "enrolledAt": row["enrolled_at"],
            "endedAt": row["ended_at"],
            "offer": offer_view(offer),
        }
    )
