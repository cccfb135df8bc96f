"""Who may act on an enrolment: the learner themself, SFI administrators, systems with ``enrolment:write``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.learners import queries as learners
from shared.errors import Forbidden, NotFound, Unauthorized, ValidationFailed
from shared.identity import Identity

ON_BEHALF_ROLES = ("sfi_admin",)
ON_BEHALF_SCOPE = "enrolment:write"


def acts_for_others(identity: Identity) -> bool:
    """True for administrators and for systems holding ``enrolment:write`` (or ``admin``)."""
    if identity.kind == "system":
        return identity.has_scope(ON_BEHALF_SCOPE, "admin")
    return identity.kind == "person" and identity.has_role(*ON_BEHALF_ROLES)


@dataclass(frozen=True, slots=True)
class LearnerRef:
    """Whom a request acts for, before the learner is read: a named learner, or the caller's own profile."""

    learner_id: UUID | None
    subject: str | None
    named: UUID | None  # the learnerId the request gave, if any


def learner_ref(identity: Identity, learner_id: UUID | None) -> LearnerRef:
    """The learner a request may act for: the named one for those who act for others, else the caller's own."""
    if identity.anonymous:
        raise Unauthorized("Sign in to enrol")
    if learner_id is not None and acts_for_others(identity):
        return LearnerRef(learner_id, None, learner_id)
    if identity.kind != "person" or not identity.has_role("resident"):
        if acts_for_others(identity):
            raise ValidationFailed.field("/learnerId", "name the learner you enrol on behalf of")
        raise Forbidden("Only the learner, an SFI administrator or a system with enrolment:write may do this")
    return LearnerRef(None, identity.sub, learner_id)


def checked_learner(ref: LearnerRef, row: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The learner row read for ``ref``: 422 for an unknown named learner, 404 without a profile, 403 another's."""
    if ref.learner_id is not None:
        if row is None:
            raise ValidationFailed.field("/learnerId", "no such learner")
        return row
    if row is None:
        raise NotFound("You have no SFI learner profile yet; create it with PUT /v1/learners/me")
    if ref.named is not None and ref.named != row["id"]:
        raise Forbidden("You may enrol only yourself")
    return row


async def ensure_may_act(conn: asyncpg.Connection, identity: Identity, record: Any) -> None:
    """404 unless the caller owns ``record`` (an enrolment or offer) or may act for others."""
    if acts_for_others(identity):
        return
    if identity.kind == "person":
        me = await learners.by_subject(conn, subject=identity.sub)
        if me is not None and me["id"] == record["learner_id"]:
            return
    raise NotFound("No such enrolment or offer")
