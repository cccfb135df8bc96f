"""Pure seat rules: what happens to a wait-list entry when its offer closes.

The seat decision itself (enrolled while a seat is neither taken nor held by an open offer, else waitlisted)
is made by ``sfi.take_seat`` (migration 025): it must read the seats after the group lock is taken, in the
same call that inserts, so the queue waits for one round trip instead of six (docs/sfi-enrolment.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from uuid import UUID


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
