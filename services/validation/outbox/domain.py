"""Messages to applicants (pure): which case changes notify, what each carries, and which channel reaches them.

Payloads name the case by id and reference and carry the facts of the change, never an identity number
or contact data: the address is read from the case when the message is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from shared.outbox.domain import Notice, channel

RECEIPT = "applicant.receipt"
DECISION = "applicant.decision"
SUPPLEMENT_REQUESTED = "applicant.supplement_requested"
SUPPLEMENT_REMINDER = "applicant.supplement_reminder"
ASSESSMENT_SCHEDULED = "applicant.assessment_scheduled"
REJECTED = "applicant.rejected"
TOPICS = (RECEIPT, DECISION, SUPPLEMENT_REQUESTED, SUPPLEMENT_REMINDER, ASSESSMENT_SCHEDULED, REJECTED)

# Workflow steps the applicant must hear about (a decision has its own notice; the rest are internal).
_TOPIC_OF_STATE = {
    "supplement_requested": SUPPLEMENT_REQUESTED,
    "assessment_scheduled": ASSESSMENT_SCHEDULED,
    "rejected": REJECTED,
}


def _message(case: Mapping[str, Any], topic: str, key: str, facts: Mapping[str, Any]) -> Notice | None:
    contact = (case.get("details") or {}).get("contact") or {}
    kind = channel(contact.get("email"), contact.get("phone"))
    if kind is None:
        return None
    payload = {"applicationId": str(case["id"]), "reference": case["reference"], **facts}
    return Notice(kind, topic, key, case["id"], payload)


def transition_notice(
    case: Mapping[str, Any], *, reason: str | None, assessment: Mapping[str, Any] | None
) -> Notice | None:
    """The message for a case that has just moved to its current state, or None when the applicant need not know."""
    topic = _TOPIC_OF_STATE.get(case["state"])
    if topic is None:
        return None
    facts: dict[str, Any] = {"at": case["state_changed_at"].isoformat()}
    if topic == ASSESSMENT_SCHEDULED:
        booking = assessment or {}
        facts["assessment"] = {k: booking.get(k) for k in ("date", "place", "assessor")}
    else:
        facts["reason"] = reason
    # The version is bumped by every change, so each step of the case gets its own message.
    return _message(case, topic, f"{topic}:{case['id']}:v{case['version']}", facts)


def decision_notice(case: Mapping[str, Any], decision: Any, *, role: Any, decided_at: datetime) -> Notice | None:
    """The decision and its gap list (courses still to take, in prerequisite order) for the applicant."""
    facts = {
        "roleCode": role.code,
        "roleTitle": {"sv": role.title_sv, "en": role.title_en},
        "outcome": decision.outcome,
        "pointsValidated": decision.points_validated,
        "pointsRemaining": decision.points_remaining,
        "gapList": [dict(g) for g in decision.gap_list],
        "decidedAt": decided_at.isoformat(),
    }
    return _message(case, DECISION, f"{DECISION}:{case['id']}", facts)


def receipt_notice(case: Mapping[str, Any], *, role: Any) -> Notice | None:
    """The receipt of a new application: its case number and the occupation, when it was received."""
    facts = {
        "roleCode": role.code,
        "roleTitle": {"sv": role.title_sv, "en": role.title_en},
        "submittedAt": case["submitted_at"].isoformat(),
    }
    return _message(case, RECEIPT, f"{RECEIPT}:{case['id']}", facts)


def reminder_notice(case: Mapping[str, Any]) -> Notice | None:
    """A reminder of a supplement request still open; one per request (keyed by when it was made)."""
    requested = case["state_changed_at"]
    key = f"supplement-reminder:{case['id']}:{round(requested.timestamp())}"
    return _message(case, SUPPLEMENT_REMINDER, key, {"requestedAt": requested.isoformat()})
