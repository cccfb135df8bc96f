"""An enrolment in two statements (``sfi.enrol_at_once``): what happens between the read and the seat.

The facts are read without a lock and the rules run in Python; the seat's statement then locks the learner
and the group. Each test holds one of those locks from a connection of its own, lets the requests read and
queue behind it (it waits until PostgreSQL shows them waiting, never for a time), changes the world or not,
and lets go: the answers must be those of requests that ran one after another.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from tests.integration.sfi_enrolment.conftest import (
    add_group,
    admin,
    make_base,
    make_learner,
    publish,
    resident,
    two_groups_of_course_a,
)
from tests.integration.sfi_placements.conftest import make_placement, make_workplace, propose
from tests.waiting import until

TUE_THU_PM = [{"weekday": 2, "start": "13:00", "end": "16:00", "interval": "every"},
              {"weekday": 4, "start": "13:00", "end": "16:00", "interval": "every"}]  # fmt: skip


class Held:
    """A row lock held by the test in a transaction of its own until :meth:`release`."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    @classmethod
    async def take(cls, db_url: str, sql: str, *args: Any) -> Held:
        conn = await asyncpg.connect(db_url)
        await conn.execute("BEGIN")
        await conn.execute(sql, *args)
        return cls(conn)

    async def release(self) -> None:
        await self.conn.execute("COMMIT")
        await self.conn.close()


async def waiting_on_locks(db_url: str, n: int) -> None:
    """Until ``n`` other sessions wait for a lock."""

    async def enough() -> bool:
        conn = await asyncpg.connect(db_url)
        try:
            sql = (
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return await conn.fetchval(sql) >= n
        finally:
            await conn.close()

    await until(enough, f"{n} requests wait for the lock the test holds")


async def learner_id(db_url: str, sub: str) -> str:
    conn = await asyncpg.connect(db_url)
    try:
        return str(await conn.fetchval("SELECT id FROM sfi.learners WHERE subject = $1", sub))
    finally:
        await conn.close()


def post(api, group: str, headers: dict[str, str], **body: Any):
    return asyncio.ensure_future(api.call("POST", f"/v1/groups/{group}/enrolments", json=body, headers=headers))


async def stored(db_url: str, sub: str) -> list[tuple[str, str]]:
    conn = await asyncpg.connect(db_url)
    try:
        rows = await conn.fetch(
            "SELECT e.group_id::text, e.status FROM sfi.enrolments e JOIN sfi.learners l ON l.id = e.learner_id "
            "WHERE l.subject = $1 ORDER BY e.created_at",
            sub,
        )
        return [(r["group_id"], r["status"]) for r in rows]
    finally:
        await conn.close()


async def test_retries_queued_behind_the_first_request_replay_its_answer(api, db_url):
    s = await two_groups_of_course_a(api)
    await make_learner(api, "amal")
    held = await Held.take(db_url, "SELECT 1 FROM sfi.learners WHERE subject = 'amal' FOR UPDATE")
    headers = {**resident("amal"), "Idempotency-Key": "impatient"}
    calls = [post(api, s.groups["A1"], headers) for _ in range(4)]
    await waiting_on_locks(db_url, 4)  # all four read no key and checked the rules; now they queue
    await held.release()
    answers = await asyncio.gather(*calls)
    assert [resp.status for resp, _ in answers] == [201] * 4
    assert all(body == answers[0][1] for _, body in answers)
    assert sorted(resp.headers.get("Idempotent-Replayed", "-") for resp, _ in answers) == ["-", "true", "true", "true"]
    assert await stored(db_url, "amal") == [(s.groups["A1"], "enrolled")]


async def test_two_groups_of_one_course_at_once_give_one_entry_and_a_409(api, db_url):
    s = await two_groups_of_course_a(api)
    await make_learner(api, "amal")
    held = await Held.take(db_url, "SELECT 1 FROM sfi.learners WHERE subject = 'amal' FOR UPDATE")
    calls = [post(api, s.groups[g], resident("amal")) for g in ("A1", "A2")]
    await waiting_on_locks(db_url, 2)  # both read no active entry in course A
    await held.release()
    statuses = sorted(resp.status for resp, _ in await asyncio.gather(*calls))
    assert statuses == [201, 409]
    assert len(await stored(db_url, "amal")) == 1


async def test_one_key_for_two_learners_at_once_enrols_one_and_refuses_the_other_on_the_key(api, db_url):
    s = await two_groups_of_course_a(api)
    for sub in ("amal", "bashir"):
        await make_learner(api, sub)
    ids = [await learner_id(db_url, sub) for sub in ("amal", "bashir")]
    group = s.groups["A1"]
    held = await Held.take(db_url, "SELECT 1 FROM sfi.groups WHERE id = $1 FOR UPDATE", group)
    headers = {**admin(), "Idempotency-Key": "one-key-two-people"}
    calls = [post(api, group, headers, learnerId=i) for i in ids]
    await waiting_on_locks(db_url, 2)  # both passed the key check and wait for the group's lock
    await held.release()
    answers = await asyncio.gather(*calls)
    assert sorted(resp.status for resp, _ in answers) == [201, 422]
    refused = next(body for resp, body in answers if resp.status == 422)
    assert [e["pointer"] for e in refused["errors"]] == ["/headers/Idempotency-Key"]
    assert sorted([len(await stored(db_url, sub)) for sub in ("amal", "bashir")]) == [0, 1]


async def test_a_group_withdrawn_while_the_enrolment_queues_is_404_and_nothing_is_stored(api, db_url):
    s = await two_groups_of_course_a(api)
    await make_learner(api, "amal")
    group = s.groups["A1"]
    held = await Held.take(db_url, "SELECT 1 FROM sfi.learners WHERE subject = 'amal' FOR UPDATE")
    call = post(api, group, {**resident("amal"), "Idempotency-Key": "too-late"})
    await waiting_on_locks(db_url, 1)
    draft, _ = await api.call("GET", f"/v1/admin/groups/{group}", status=200)
    await api.call("DELETE", f"/v1/admin/groups/{group}", headers={**admin(), "If-Match": draft.headers["ETag"]},
                   status=204)  # fmt: skip
    await publish(api)  # the withdrawal is published: the group is gone from the learners' view
    await held.release()
    resp, _ = await call
    assert resp.status == 404
    assert await stored(db_url, "amal") == []
    # The key went with the refusal: the same key enrols in another group.
    await api.call("POST", f"/v1/groups/{s.groups['A2']}/enrolments", json={},
                   headers={**resident("amal"), "Idempotency-Key": "too-late"}, status=201)  # fmt: skip


async def test_a_placement_agreed_while_the_enrolment_queues_is_checked_and_refuses_the_seat(api, db_url):
    s = await make_base(api)
    await add_group(api, s, "Eftermiddag tis/tor", slots=TUE_THU_PM)
    await publish(api)
    await make_learner(api, "amal", path=3, displayName="Amal Hassan")
    amal = await learner_id(db_url, "amal")
    offer = await make_placement(api, (await make_workplace(api))["id"])  # Tue/Thu 13–17
    proposal = await propose(api, offer["id"], amal)  # proposed: not yet busy time
    held = await Held.take(db_url, "SELECT 1 FROM sfi.learners WHERE id = $1 FOR UPDATE", amal)
    call = post(api, s.groups["Eftermiddag tis/tor"], resident("amal"))
    await waiting_on_locks(db_url, 1)  # it read no placement and passed every rule
    # Agreed in the transaction that holds the learner (as the agreement's own transition does).
    await held.conn.execute(
        "UPDATE sfi.placement_agreements SET state = 'agreed', agreed_at = now() WHERE id = $1", proposal["id"]
    )
    await held.release()
    resp, problem = await call
    assert resp.status == 409, problem
    assert problem["collision"]["placementId"] == offer["id"]
    assert await stored(db_url, "amal") == []
