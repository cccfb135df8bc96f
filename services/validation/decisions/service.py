"""Decision use cases: record exactly one decision, produce the certificate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.validation.applications import queries as cases
from services.validation.applications.domain import require_version
from services.validation.applications.service import Case, find_case, load_role, representation
from services.validation.audit import queries as audit
from services.validation.catalogue import queries as catalogue
from services.validation.clock import local_date
from services.validation.decisions import queries
from services.validation.decisions.certificate import CertificateData, render_certificate
from services.validation.decisions.domain import CourseOutcome, decide
from services.validation.messages import LANGUAGES, language, role_title
from services.validation.outbox.domain import decision_notice
from services.validation.workflow.domain import check_transition
from shared.db import transaction
from shared.errors import Conflict, Forbidden, NotFound
from shared.identity import Identity
from shared.outbox.queries import enqueue_notice


async def record(
    pool: asyncpg.Pool,
    *,
    application_id: UUID,
    identity: Identity,
    if_match: str | None,
    courses: Sequence[Mapping[str, Any]],
    note: str | None,
    today: date,
) -> dict[str, Any]:
    """Decide an assessed case under its row lock; a concurrent second decision gets 412 (or 409)."""
    async with transaction(pool) as conn:
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=None, lock=True)
        if not case.access.is_caseworker:
            raise Forbidden("Only caseworkers decide cases")
        require_version(if_match, case.row["version"])
        check_transition(case.row["state"], "decided", "decision")
        role = await load_role(conn, code=case.row["role_code"])
        profile = next((p for p in role.profiles if p.code == case.row["profile_code"]), None)
        if profile is None:
            raise Conflict("The case has no course package to decide against")
        decision = decide(profile, [CourseOutcome(c["code"], c["outcome"], c.get("note")) for c in courses])
        await queries.insert_decision(
            conn, application_id=application_id, profile_code=profile.code, decision=decision, note=note,
            decided_by=case.access.actor,
        )  # fmt: skip
        row = await cases.change_state(conn, application_id=application_id, state="decided", decided=True)
        await cases.insert_event(
            conn, application_id=application_id, from_state=case.row["state"], to_state="decided",
            actor=case.access.actor, actor_role=case.access.role, reason=note,
        )  # fmt: skip
        # The applicant's notice is written with the decision: both happen, or neither.
        notice = decision_notice(row, decision, role=role, decided_at=row["decided_at"])
        await enqueue_notice(conn, notice)
        await audit.record(
            conn, action="decision.recorded", actor=case.access.actor, actor_role=case.access.role,
            application_id=application_id, detail={"outcome": decision.outcome},
        )  # fmt: skip
        return await representation(conn, Case(row, case.access), today=today)


async def certificate(
    pool: asyncpg.Pool, *, application_id: UUID, identity: Identity, tracking_code: str | None, lang: str | None
) -> tuple[str, bytes]:
    """The PDF certificate of a decided case, for the applicant, caseworkers and auditors."""
    async with transaction(pool) as conn:
        case = await find_case(conn, application_id=application_id, identity=identity, tracking_code=tracking_code)
        decision = await cases.decision(conn, application_id=application_id)
        if decision is None:
            raise NotFound("The case has no decision yet")
        role = await catalogue.get_role(conn, code=case.row["role_code"])
        if not case.access.is_owner:
            await audit.record(
                conn, action="certificate.disclosed", actor=case.access.actor, actor_role=case.access.role,
                application_id=application_id,
            )  # fmt: skip
    chosen = language(lang, case.row["preferred_language"])
    name = case.row["details"].get("name") or {}
    data = CertificateData(
        reference=case.row["reference"],
        applicant=f"{name.get('given', '')} {name.get('family', '')}".strip() or "-",
        role_title=role["title_en"],
        role_titles={lang: role_title(role["code"], lang, role["title_en"]) for lang in LANGUAGES},
        regulated=role["regulated"],
        decided_on=local_date(decision["decided_at"]).isoformat(),
        outcome=decision["outcome"],
        courses=decision["courses"],
        gap_list=decision["gap_list"],
        points_validated=decision["points_validated"],
        points_remaining=decision["points_remaining"],
    )
    return case.row["reference"], render_certificate(data, lang=chosen)
