"""How an application is shown: the applicant (holding the code) sees its state and outcome, staff all of it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.sfi_schedule.wire import jsonable


def receipt(row: Mapping[str, Any]) -> dict[str, Any]:
    """The public part: what a replay of the submission answers and what the applicant reads with the code."""
    return jsonable({
        "id": row["id"], "reference": row["reference"], "state": row["state"], "course": row["course"],
        "path": row["path"], "preferredLanguage": row["preferred_language"], "submittedAt": row["submitted_at"],
        "decidedAt": row["decided_at"], "decisionNote": row["decision_note"], "version": row["version"],
    })  # fmt: skip


def placement(enrolment: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The enrolment an application became, as it stands now (a wait-list place moves; an offer may be open)."""
    if enrolment is None:
        return None
    return {
        "enrolmentId": enrolment["id"], "status": enrolment["status"], "groupId": enrolment["groupId"],
        "groupName": enrolment["groupName"], "position": enrolment["position"], "offer": enrolment["offer"],
    }  # fmt: skip


def staff_view(row: Mapping[str, Any], *, listing: bool = False) -> dict[str, Any]:
    """Everything the SFI office needs; a protected identity's contact data never appears in a list."""
    hide = listing and row["protected_identity"]
    checked = None
    if row["identity_checked_at"] is not None:
        checked = {"document": row["identity_document"], "checkedBy": row["identity_checked_by"],
                   "checkedAt": row["identity_checked_at"]}  # fmt: skip
    return jsonable({
        **receipt(row), "name": row["display_name"], "protectedIdentity": row["protected_identity"],
        "contact": None if hide else {"email": row["email"], "phone": row["phone"]},
        "constraints": {} if hide else row["constraints"], "birthDate": row["birth_date"],
        "residence": row["residence"], "identityCheck": checked, "learnerId": row["learner_id"],
    })  # fmt: skip
