"""The case state machine (pure): which transitions exist and which actor may take each one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from shared.errors import Conflict, Forbidden

Actor = Literal["applicant", "caseworker"]
STATES = (
    "submitted",
    "mapping",
    "supplement_requested",
    "assessment_scheduled",
    "assessed",
    "decided",
    "closed",
    "withdrawn",
    "rejected",
)
TERMINAL = frozenset({"closed", "withdrawn", "rejected"})
OPEN = frozenset(STATES) - TERMINAL - {"decided"}

# Every transition, and who may take it. ``decided`` is reached only through a recorded decision.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("submitted", "mapping"): frozenset({"caseworker"}),
    ("mapping", "supplement_requested"): frozenset({"caseworker"}),
    ("supplement_requested", "mapping"): frozenset({"caseworker"}),
    ("mapping", "assessment_scheduled"): frozenset({"caseworker"}),
    ("mapping", "rejected"): frozenset({"caseworker"}),
    ("assessment_scheduled", "assessed"): frozenset({"caseworker"}),
    ("assessed", "decided"): frozenset({"decision"}),
    ("decided", "closed"): frozenset({"caseworker"}),
    **{(state, "withdrawn"): frozenset({"applicant"}) for state in sorted(OPEN)},
}


class IllegalTransition(Conflict):
    """The case cannot go from its state to the requested one; ``allowed`` lists where it can go."""


def next_states(state: str, actor: str | None = None) -> list[str]:
    """States reachable from ``state`` (by ``actor`` when given), in workflow order."""
    found = {to for (frm, to), actors in TRANSITIONS.items() if frm == state and (actor is None or actor in actors)}
    return [s for s in STATES if s in found]


def check_transition(state: str, target: str, actor: str) -> None:
    """Raise 409 naming the allowed next states, or 403 when the step exists but is not this actor's."""
    actors = TRANSITIONS.get((state, target))
    if actors is None:
        allowed = next_states(state)
        raise IllegalTransition(
            f"A case in state {state!r} cannot move to {target!r}", extra={"allowed": allowed, "state": state}
        )
    if actor not in actors:
        if actors == {"decision"}:
            raise IllegalTransition(
                "Record a decision to move the case to 'decided'", extra={"allowed": next_states(state), "state": state}
            )
        raise Forbidden(f"Only {' or '.join(sorted(actors))} may move a case to {target!r}")


@dataclass(frozen=True, slots=True)
class Assessment:
    """Where, when and by whom the practical assessment is made."""

    on: date
    place: str
    assessor: str


def _normalise(place: str) -> str:
    return re.sub(r"[\W_]+", " ", place.casefold()).strip()


def is_own_workplace(place: str, employers: list[str]) -> bool:
    """True when ``place`` names one of the applicant's own workplaces (case and punctuation ignored)."""
    wanted = _normalise(place)
    return any(_normalise(e) == wanted for e in employers if e)
