"""``GET /v1/me/enrolments``: the caller's enrolments, wait-list positions and open offers."""

from __future__ import annotations

from typing import Any

import asyncpg

from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.enrolment.views import enrolment_view, offer_view
from services.sfi_schedule.learners import queries as learners
from shared.identity import Identity


async def my_enrolments(pool: asyncpg.Pool, *, identity: Identity) -> dict[str, Any]:
    """Everything the learner should see about their seats; empty lists without a profile."""
    identity.require_role("resident")
    async with pool.acquire() as conn:
        me = await learners.by_subject(conn, subject=identity.sub)
        if me is None:
            return {"data": [], "offers": [], "pageToken": None}
        rows = await queries.of_learner(conn, learner_id=me["id"])
        offers = await queries.open_offers_of_learner(conn, learner_id=me["id"])
    by_enrolment = {o["enrolment_id"]: o for o in offers}
    data = [
        enrolment_view(r, group_name=r["group_name"], position=r["position"], offer=by_enrolment.get(r["id"]))
        for r in rows
    ]
    return {"data": data, "offers": [offer_view(o) for o in offers], "pageToken": None}
