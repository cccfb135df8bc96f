"""Who may do what with placements: SFI administrators, caseworkers, workplace contacts and the learner."""

from __future__ import annotations

from typing import Any

from shared.errors import Forbidden, NotFound, Unauthorized
from shared.identity import Identity

MANAGERS = ("sfi_admin",)  # register workplaces and placement offers
STAFF = ("sfi_admin", "caseworker")  # arrange placements: propose, follow up, see who fits
CONTACT = "workplace_contact"  # sees and records the placements of the workplaces naming them as contact
FIGURE_READERS = ("sfi_admin", "caseworker", "auditor", "admin")


def signed_in(identity: Identity) -> Identity:
    """Any caller but an anonymous one."""
    if identity.anonymous:
        raise Unauthorized("Sign in to see work placements")
    return identity


def is_staff(identity: Identity) -> bool:
    """Administrators and caseworkers, and systems with the admin scope."""
    if identity.kind == "system":
        return identity.has_scope("admin")
    return identity.kind == "person" and identity.has_role(*STAFF)


def require_manager(identity: Identity) -> Identity:
    """SFI administrators, or systems that write the schedule."""
    signed_in(identity)
    if identity.kind == "system" and identity.has_scope("schedule:write", "admin"):
        return identity
    identity.require_role(*MANAGERS)
    return identity


def require_staff(identity: Identity) -> Identity:
    """Administrators and caseworkers."""
    signed_in(identity)
    if not is_staff(identity):
        raise Forbidden("Only SFI administrators and caseworkers may do this")
    return identity


def require_figure_reader(identity: Identity) -> Identity:
    """Those who follow up the municipality's targets, and systems reading the schedule."""
    signed_in(identity)
    if identity.kind == "system" and identity.has_scope("schedule:read", "admin"):
        return identity
    identity.require_role(*FIGURE_READERS)
    return identity


def contact_of(identity: Identity) -> str | None:
    """The subject to narrow lists to for a workplace contact (``None``: staff see everything)."""
    if is_staff(identity):
        return None
    if identity.kind == "person" and identity.has_role(CONTACT):
        return identity.sub
    raise Forbidden("Only staff and workplace contacts may see this")


def is_contact(identity: Identity, row: Any) -> bool:
    """True when the caller is the contact person of the row's workplace."""
    return identity.kind == "person" and identity.has_role(CONTACT) and row["contact_subject"] == identity.sub


def may_see_agreement(identity: Identity, row: Any) -> None:
    """404 unless the caller is staff, the workplace's contact, or the learner."""
    if is_staff(identity) or is_contact(identity, row):
        return
    if identity.kind == "person" and row["learner_subject"] == identity.sub:
        return
    raise NotFound("No such placement agreement")


def may_move(identity: Identity, row: Any, to: str) -> None:
    """Staff and the workplace's contact move an agreement on; the learner may also end it early."""
    if is_staff(identity) or is_contact(identity, row):
        return
    if to == "ended_early" and identity.kind == "person" and row["learner_subject"] == identity.sub:
        return
    raise Forbidden("Only staff or the workplace's contact may do this")
