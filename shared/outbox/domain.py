"""The outbox's rules without I/O: what a claimed message is, what an attempt can end in, when to retry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

DELIVERED, REFUSED, FAILED = "delivered", "refused", "failed"
Outcome = Literal["delivered", "refused", "failed"]


@dataclass(frozen=True, slots=True)
class Claimed:
    """A message leased for one attempt; ``attempts`` (this attempt's number) is the fencing token."""

    id: int
    event_id: UUID
    kind: str
    topic: str
    subject_id: UUID | None
    subscription_id: UUID | None
    sequence: int | None
    payload: Mapping[str, Any]
    created_at: datetime
    attempts: int

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Claimed:
        """From a row of ``queries.claim_due``."""
        return cls(**{name: row[name] for name in cls.__slots__})


@dataclass(frozen=True, slots=True)
class Notice:
    """A message to a person to write in the transaction of the change; ``dedupe_key`` holds it to one per channel.

    ``subject_id`` names the person (a learner, a case, the administrators); their address and language are
    read when the message is sent, so the payload carries the facts of the change and no contact data.
    """

    kind: str
    topic: str
    dedupe_key: str
    subject_id: UUID
    payload: Mapping[str, Any]


def channel(email: str | None, phone: str | None) -> str | None:
    """E-mail when the person gave an address, else SMS to their phone; None when neither."""
    return "email" if email else "sms" if phone else None


@dataclass(frozen=True, slots=True)
class Result:
    """How one attempt ended: delivered, refused (final: never retried) or failed (retried with backoff).

    ``detail`` is for operators (an HTTP status, an error class, a refusal reason); it is stored with the
    attempt but never shown to subscribers, whose log says only the outcome.
    """

    outcome: Outcome
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Timing:
    """Deadlines and retry schedule of the outbox (``LOTSEN_OUTBOX_*``)."""

    interval_seconds: int = 5
    timeout_seconds: int = 10
    batch: int = 20
    max_attempts: int = 16
    backoff_seconds: int = 10
    max_backoff_seconds: int = 3600

    @property
    def lease_seconds(self) -> float:
        """How long a claim holds: a batch is sent concurrently, so one deadline plus room to record results."""
        return 2.0 * self.timeout_seconds + 30.0

    def retry_delay(self, attempt: int) -> float | None:
        """Seconds before the next try after failed ``attempt`` (base, 2×base … capped), or None to give up."""
        if attempt >= self.max_attempts:
            return None
        return float(min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1)))
