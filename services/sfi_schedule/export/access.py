"""What a caller may see in the SS 12000 export (the gateway's scopes are only a first gate)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.identity import Identity

PERSONS_SCOPE = "ss12000:persons"  # learners, their group memberships and enrolments
CIVIC_NO_SCOPE = "ss12000:civicNo"  # learners' personal identity numbers, on top of PERSONS_SCOPE
STAFF_ROLES = ("sfi_admin", "teacher")
STAFF_SCOPES = ("schedule:read", PERSONS_SCOPE, "admin")


@dataclass(frozen=True, slots=True)
class Access:
    """``staff``: teachers as persons and duties, and who teaches what; ``learners``: learners as persons and
    group members; ``civic_numbers``: their personal identity numbers. Protected identities: never."""

    staff: bool = False
    learners: bool = False
    civic_numbers: bool = False


def access_of(identity: Identity) -> Access:
    """Staff data for administrators, teachers and systems reading the schedule; learners only with the
    dedicated scope; civic numbers only with their own explicit scope as well (``admin`` is not enough)."""
    if identity.anonymous:
        return Access()
    learners = identity.has_scope(PERSONS_SCOPE)
    return Access(
        staff=identity.has_role(*STAFF_ROLES) or identity.has_scope(*STAFF_SCOPES),
        learners=learners,
        civic_numbers=learners and identity.has_scope(CIVIC_NO_SCOPE),
    )
