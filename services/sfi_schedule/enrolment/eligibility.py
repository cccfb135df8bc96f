"""May this learner enrol in this group now, and if not, why: asked before the enrol button is offered.

Built on the very checks of an enrolment (``checks.checked_enrolment`` and ``checks.refuse_by_rules``): the learner's
profile, a group that has ended, an active entry in the course, then the rules matching gives
(``checks.rule_refusals``) and the agreed work placements (``checks.refuse_placement_clash``). Nothing is
written; the reasons come as key, params and text, the text in the language the caller asks for.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.enrolment import queries, seat_queries
from services.sfi_schedule.enrolment.access import learner_ref
from services.sfi_schedule.enrolment.checks import facts_pair, refuse_placement_clash, rule_refusals
from services.sfi_schedule.rules.messages import language_of, reasons_json
from services.sfi_schedule.rules.reasons import Reason
from shared.db import transaction
from shared.errors import Conflict, NotFound
from shared.identity import Identity


async def eligibility(
    pool: asyncpg.Pool,
    *,
    group_id: UUID,
    identity: Identity,
    learner_id: UUID | None,
    config: SfiConfig,
    today: date,
    accept_language: str | None,
) -> dict[str, Any]:
    """``eligible`` and the ``reasons`` against it; ``active``: the learner's entry in the course, if any.

    The language is the request's ``Accept-Language`` when it has one (the page the person is reading), else
    the learner's preferred language.
    """
    ref = learner_ref(identity, learner_id)
    async with transaction(pool) as conn:
        ctx = await seat_queries.enrolment_facts(
            conn, group_id=group_id, learner_id=ref.learner_id, subject=ref.subject
        )
        pair = facts_pair(ctx)
        learner_id = ctx["id"]
        if not ctx["published"]:
            raise NotFound("No such published group")
        found: list[Reason] = []
        active = None
        preferred = None
        if learner_id is None:
            found.append(Reason("enrol.no_profile"))
        else:
            if ctx["end_date"] < today:
                found.append(Reason("enrol.ended", {"group": ctx["name"]}))
            if ctx["active_id"] is not None:
                other = await queries.group_name(conn, group_id=ctx["active_group_id"]) or ""
                active = {"enrolmentId": str(ctx["active_id"]), "groupId": str(ctx["active_group_id"]),
                          "groupName": other, "status": ctx["active_status"]}  # fmt: skip
                found.append(Reason(f"enrol.active.{ctx['active_status']}",
                                    {"course": ctx["course_code"], "group": other}))  # fmt: skip
            refused, preferred, _ = await rule_refusals(conn, learner_id=learner_id, group_id=group_id,
                                                        config=config, today=today, pair=pair)  # fmt: skip
            found.extend(refused)
            try:
                await refuse_placement_clash(conn, learner_id=learner_id, group_id=group_id,
                                             windows=pair.learner["placement_windows"])  # fmt: skip
            except Conflict as clash:
                hit = clash.extra.get("collision") or {}
                c = {k: hit.get(k, "") for k in ("placementTitle", "start", "end", "first")}
                c["weekday"] = hit.get("weekday")
                found.append(Reason("enrol.placement", {"title": c.pop("placementTitle"), **c}))
        lang = language_of(accept_language or preferred)
        return {
            "groupId": str(group_id),
            "learnerId": str(learner_id) if learner_id else None,
            "eligible": not found,
            "reasons": reasons_json(found, lang),
            "active": active,
            "language": lang,
        }
