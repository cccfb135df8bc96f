"""Who may act on an enrolment: the learner themself, SFI administrators, systems with ``enrolment:write``."""

from __future__ import annotations

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


async def learner_for(conn: asyncpg.Connection, identity: Identity, learner_id: UUID | None) -> asyncpg.Record:
    """The learner a request acts for: the caller's own profile, or the named one for those who may."""
    if identity.anonymous:
        raise Unauthorized("Sign in to enrol")
    if learner_id is not None and acts_for_others(identity):
        row = await learners.by_id(conn, learner_id=learner_id)
        if row is None:
            raise ValidationFailed.field("/learnerId", "no such learner")
        return row
    if identity.kind != "person" or not identity.has_role("resident"):
        if acts_for_others(identity):
            raise ValidationFailed.field("/learnerId", "name the learner you enrol on behalf of")
        raise Forbidden("Only the learner, an SFI administrator or a system with enrolment:write may do this")
    row = await learners.by_subject(conn, subject=identity.sub)
    if row is None:
        raise NotFound("You have no SFI learner profile yet; create it with PUT /v1/learners/me")
    if learner_id is not None and learner_id != row["id"]:
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
