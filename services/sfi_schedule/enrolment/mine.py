"""``GET /v1/me/enrolments``: the caller's enrolments, wait-list positions and open offers."""

from __future__ import annotations

import asyncpg

from services.sfi_schedule.enrolment import queries
from services.sfi_schedule.enrolment.views import enrolment_view, offer_view
from services.sfi_schedule.learners import queries as learners
from services.sfi_schedule.wire import Page, slice_after
from shared.identity import Identity
from shared.pagination import PageRequest


async def my_enrolments(pool: asyncpg.Pool, *, identity: Identity, page: PageRequest) -> Page:
    """A page of what the learner should see about their seats (newest first), and every open offer."""
    identity.require_role("resident")
    async with pool.acquire() as conn:
        me = await learners.by_subject(conn, subject=identity.sub)
        if me is None:
            return Page([], None, {"offers": []})
        rows = await queries.of_learner(conn, learner_id=me["id"])
        offers = await queries.open_offers_of_learner(conn, learner_id=me["id"])
    by_enrolment = {o["enrolment_id"]: o for o in offers}
    shown = slice_after(rows, lambda r: [-r["created_at"].timestamp(), str(r["id"])], page)
    data = [
        enrolment_view(r, group_name=r["group_name"], position=r["position"], offer=by_enrolment.get(r["id"]))
        for r in shown.items
    ]
    return Page(data, shown.last, {"offers": [offer_view(o) for o in offers]})
