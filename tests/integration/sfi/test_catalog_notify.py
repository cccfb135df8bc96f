"""What notifies the group-list caches (channel sfi_catalog): every change the list shows, and nothing else."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from tests.integration.sfi.test_catalog_cache import DEADLINE, seeded


@pytest.mark.parametrize("table", ["published_groups", "offers"])
@pytest.mark.parametrize("statement", ["UPDATE sfi.{t} SET group_id = group_id WHERE false",
                                       "DELETE FROM sfi.{t} WHERE false", "TRUNCATE sfi.{t} CASCADE"])  # fmt: skip
async def test_every_table_the_list_reads_notifies_on_every_kind_of_change(db_url, table: str, statement: str):
    listener, writer = await asyncpg.connect(db_url), await asyncpg.connect(db_url)
    heard: asyncio.Queue[str] = asyncio.Queue()
    try:
        await listener.add_listener("sfi_catalog", lambda *args: heard.put_nowait(args[2]))
        await writer.execute(statement.format(t=table))
        assert await asyncio.wait_for(heard.get(), DEADLINE) == "sfi_catalog"
    finally:
        await listener.close()
        await writer.close()


# (change to an entry — W waitlisted, E enrolled — and whether it moves a seat the list shows)
ENROLMENT_CHANGES = [
    ("INSERT enrolled", True),
    ("INSERT waitlisted", False),
    ("W: UPDATE sfi.enrolments SET status = 'enrolled', enrolled_at = now() WHERE id = $1", True),
    ("W: UPDATE sfi.enrolments SET status = 'withdrawn', ended_at = now() WHERE id = $1", False),
    ("W: UPDATE sfi.enrolments SET status = 'offered' WHERE id = $1", False),  # the offer row holds the seat
    ("E: UPDATE sfi.enrolments SET version = version + 1 WHERE id = $1", False),
    ("E: UPDATE sfi.enrolments SET status = 'completed', ended_at = now() WHERE id = $1", True),
    ("E: UPDATE sfi.enrolments SET group_id = $2 WHERE id = $1", True),  # moved to another group
    ("E: DELETE FROM sfi.enrolments WHERE id = $1", True),
    ("W: DELETE FROM sfi.enrolments WHERE id = $1", False),
    ("TRUNCATE sfi.enrolments CASCADE", True),
]


@pytest.mark.parametrize(("change", "notifies"), ENROLMENT_CHANGES)
async def test_an_enrolment_change_notifies_exactly_when_it_moves_a_seat(db_url, change: str, notifies: bool):
    """Wait-list changes show nowhere in the list: they must not empty every replica's cache."""
    await seeded(db_url)
    writer, listener = await asyncpg.connect(db_url), await asyncpg.connect(db_url)
    heard: asyncio.Queue[str] = asyncio.Queue()
    try:
        first, other = await writer.fetch("SELECT group_id FROM sfi.published_groups ORDER BY group_id LIMIT 2")
        waiting = await enrolment(writer, first["group_id"], "waitlisted")
        seated = await enrolment(writer, first["group_id"], "enrolled")
        await listener.add_listener("sfi_catalog", lambda *args: heard.put_nowait(args[3]))
        who, _, sql = change.partition(": ")
        if change.startswith("INSERT"):
            await enrolment(writer, first["group_id"], change.removeprefix("INSERT "))
        elif change.startswith("TRUNCATE"):
            await writer.execute(change)
        else:
            await writer.execute(sql, *({"W": waiting, "E": seated}[who], other["group_id"])[: sql.count("$")])
        # Notifications arrive in commit order: a marker sent after the change tells whether it notified.
        await writer.execute("SELECT pg_notify('sfi_catalog', 'marker')")
        assert (await asyncio.wait_for(heard.get(), DEADLINE) == "") is notifies
    finally:
        await listener.close()
        await writer.close()


async def enrolment(conn: asyncpg.Connection, group_id: uuid.UUID, status: str) -> uuid.UUID:
    """A new learner's entry with ``status`` in the group (written normally: the triggers fire)."""
    learner, entry = uuid.uuid4(), uuid.uuid4()
    await conn.execute("INSERT INTO sfi.learners (id, subject, path) VALUES ($1, $2, 2)", learner, str(learner))
    await conn.execute(
        "INSERT INTO sfi.enrolments (id, learner_id, group_id, course_code, status, queue_seq, queued_at, "
        "requested_by) SELECT $1, $2, $3, course_code, $4, nextval('sfi.enrolment_queue_seq'), now(), 'test' "
        "FROM sfi.published_groups WHERE group_id = $3",
        entry, learner, group_id, status,
    )  # fmt: skip
    return entry
