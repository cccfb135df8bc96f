"""Messages to applicants (pure): which case changes notify, what each carries, signing and backoff.

Payloads name the case by id and reference and carry the facts of the change, never an identity number
or contact data; the deliverer adds the recipient's contact from the case when it sends.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

DECISION = "applicant.decision"
SUPPLEMENT_REQUESTED = "applicant.supplement_requested"
SUPPLEMENT_REMINDER = "applicant.supplement_reminder"  # queued by the reminder job's SQL
ASSESSMENT_SCHEDULED = "applicant.assessment_scheduled"
REJECTED = "applicant.rejected"
TOPICS = (DECISION, SUPPLEMENT_REQUESTED, SUPPLEMENT_REMINDER, ASSESSMENT_SCHEDULED, REJECTED)

# Workflow steps the applicant must hear about (a decision has its own notice; the rest are internal).
_TOPIC_OF_STATE = {
    "supplement_requested": SUPPLEMENT_REQUESTED,
    "assessment_scheduled": ASSESSMENT_SCHEDULED,
    "rejected": REJECTED,
}


@dataclass(frozen=True, slots=True)
class Message:
    """One outbox row to write in the transaction of the change; ``dedupe_key`` holds it to one."""

    topic: str
    dedupe_key: str
    application_id: UUID
    payload: Mapping[str, Any]


def _case(case: Mapping[str, Any]) -> dict[str, Any]:
    return {"applicationId": str(case["id"]), "reference": case["reference"], "language": case["preferred_language"]}


def transition_notice(
    case: Mapping[str, Any], *, reason: str | None, assessment: Mapping[str, Any] | None
) -> Message | None:
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
    key = f"{topic}:{case['id']}:v{case['version']}"
    return Message(topic, key, case["id"], {**_case(case), **facts})


def decision_notice(case: Mapping[str, Any], decision: Any, *, role_code: str, decided_at: datetime) -> Message:
    """The decision and its gap list (courses still to take, in prerequisite order) for the applicant."""
    payload = {
        **_case(case),
        "roleCode": role_code,
        "outcome": decision.outcome,
        "pointsValidated": decision.points_validated,
        "pointsRemaining": decision.points_remaining,
        "gapList": [dict(g) for g in decision.gap_list],
        "decidedAt": decided_at.isoformat(),
    }
    return Message(DECISION, f"{DECISION}:{case['id']}", case["id"], payload)


def recipient(contact: Mapping[str, Any] | None, *, protected_identity: bool) -> dict[str, Any] | None:
    """How the messaging system reaches the applicant: e-mail and phone only, never the postal address."""
    if not contact:
        return None
    found = {k: contact[k] for k in ("email", "phone") if contact.get(k)}
    return {**found, "protectedIdentity": protected_identity} if found else None


def envelope(row: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON body POSTed for one claimed outbox row."""
    return {
        "id": str(row["event_id"]),
        "topic": row["topic"],
        "applicationId": str(row["application_id"]) if row["application_id"] else None,
        "createdAt": row["created_at"].isoformat(),
        "payload": row["payload"],
        "recipient": recipient(row["contact"], protected_identity=bool(row["protected_identity"])),
    }


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>." + body>``: the receiver recomputes it with the shared secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def retry_delay(attempt: int, *, base: float, cap: float, max_attempts: int) -> float | None:
    """Seconds before the next try after failed ``attempt`` (base, 2×base, 4×base … capped), or None to give up."""
    if attempt >= max_attempts:
        return None
    return float(min(cap, base * 2 ** (attempt - 1)))
