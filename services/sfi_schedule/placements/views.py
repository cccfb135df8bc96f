"""The API shapes of workplaces, placements and agreements (JSON-ready, camelCase), per who is looking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from services.sfi_schedule.placements.domain import pattern_windows, planned_hours, weekly_hours
from services.sfi_schedule.rules.domain import add_months
from services.sfi_schedule.wire import jsonable


def workplace_view(row: Mapping[str, Any], *, staff: bool) -> dict[str, Any]:
    """A workplace; only staff see the contact's sign-in subject."""
    contact = {"name": row["contact_name"], "email": row["contact_email"], "phone": row["contact_phone"]}
    if staff:
        contact["subject"] = row["contact_subject"]
    return jsonable({
        "id": row["id"], "name": row["name"], "employerKind": row["employer_kind"], "sector": row["sector"],
        "organisation": row["organisation"], "venueId": row["venue_id"], "street": row["street"],
        "postalCode": row["postal_code"], "city": row["city"], "district": row["district"],
        "latitude": row["latitude"], "longitude": row["longitude"], "contact": contact,
        "needsRegisterkontroll": row["needs_registerkontroll"], "version": row["version"],
        "createdAt": row["created_at"], "updatedAt": row["updated_at"],
    })  # fmt: skip


def placement_view(row: Mapping[str, Any], *, full: bool) -> dict[str, Any]:
    """A placement offer with its workplace and free seats; the mentor's e-mail and phone only for ``full``."""
    windows = pattern_windows(row["hours"], row["start_date"], row["end_date"])
    mentor: dict[str, Any] = {"name": row["mentor_name"]}
    if full:
        mentor.update(email=row["mentor_email"], phone=row["mentor_phone"])
    return jsonable({
        "id": row["id"], "workplaceId": row["workplace_id"], "title": row["title"], "occupation": row["occupation"],
        "kind": row["kind"], "hours": row["hours"], "startDate": row["start_date"], "endDate": row["end_date"],
        "seats": row["seats"], "freeSeats": max(0, row["seats"] - row["taken"]), "sfiLevel": row["sfi_level"],
        "mentor": mentor, "languages": list(row["languages"]), "description": row["description"],
        "status": row["status"], "weeklyHours": weekly_hours(windows, row["start_date"]),
        "plannedHours": planned_hours(windows, row["start_date"], row["end_date"]),
        "workplace": {
            "id": row["workplace_id"], "name": row["workplace_name"], "employerKind": row["employer_kind"],
            "sector": row["sector"], "street": row["street"], "city": row["city"], "district": row["district"],
            "needsRegisterkontroll": row["needs_registerkontroll"],
        },
        "version": row["version"], "createdAt": row["created_at"], "updatedAt": row["updated_at"],
    })  # fmt: skip


def agreement_view(row: Mapping[str, Any], *, months: int, history: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """An agreement with its placement, workplace, learner (a name only), registerkontroll date and history."""
    windows = pattern_windows(row["hours"], row["start_date"], row["end_date"])
    shown = row["registerkontroll_shown_on"]
    return jsonable({
        "id": row["id"], "placementId": row["placement_id"], "state": row["state"],
        "placement": {"id": row["placement_id"], "title": row["title"], "kind": row["kind"],
                      "occupation": row["occupation"], "hours": row["hours"]},
        "workplace": {"id": row["workplace_id"], "name": row["workplace_name"], "employerKind": row["employer_kind"],
                      "street": row["street"], "postalCode": row["postal_code"], "city": row["city"],
                      "contactName": row["contact_name"], "contactPhone": row["contact_phone"]},
        "learner": {"id": row["learner_id"], "displayName": row["learner_name"]},
        "startDate": row["start_date"], "endDate": row["end_date"], "mentorName": row["mentor_name"],
        "hoursDone": float(row["hours_done"]),
        "plannedHours": planned_hours(windows, row["start_date"], row["end_date"]),
        "busyWindows": row["busy_windows"],
        "registerkontroll": {"required": row["needs_registerkontroll"], "shownOn": shown,
                             "validUntil": add_months(shown, months) - timedelta(days=1) if shown else None},
        "proposedBy": row["proposed_by"], "agreedAt": row["agreed_at"], "startedOn": row["started_on"],
        "endedOn": row["ended_on"], "endReason": row["end_reason"],
        "history": [{"at": h["at"], "action": h["action"], "actor": h["actor"], "details": h["details"]}
                    for h in history],
        "version": row["version"], "createdAt": row["created_at"], "updatedAt": row["updated_at"],
    })  # fmt: skip
