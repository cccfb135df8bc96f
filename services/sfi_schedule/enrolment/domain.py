"""Pure seat rules: enrol or wait, and what happens to a wait-list entry when its offer closes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

SeatStatus = Literal["enrolled", "waitlisted"]
ENDED = ("withdrawn", "declined", "expired", "completed")


def seat_decision(*, capacity: int, taken: int) -> SeatStatus:
    """``enrolled`` while a seat is free, else ``waitlisted`` (a held offer counts as taken)."""
    return "enrolled" if taken < capacity else "waitlisted"


@dataclass(frozen=True, slots=True)
class AfterOffer:
    """What an entry becomes after an offer it did not accept: its new status and alternatives."""

    status: str
    alternatives: tuple[UUID, ...]


def after_unaccepted_offer(
    *, outcome: Literal["declined", "expired"], offered_group: UUID, primary_group: UUID, alternatives: Sequence[UUID]
) -> AfterOffer:
    """An unaccepted offer of the group the learner queued for ends the entry; of an alternative, drops it.

    So saying no to a second choice never costs the learner their place in the queue for the first.
    """
    if offered_group == primary_group:
        return AfterOffer(outcome, tuple(alternatives))
    return AfterOffer("waitlisted", tuple(a for a in alternatives if a != offered_group))
