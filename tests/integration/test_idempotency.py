"""Idempotency-Key: concurrent retries do the work once and all get the first answer."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from shared.db import init_connection
from shared.errors import ValidationFailed
from shared.idempotency import Outcome, run_once
from tests.waiting import until


async def test_concurrent_retries_do_the_work_once(db_url):
    pool = await asyncpg.create_pool(db_url, min_size=6, max_size=6)
    calls = 0

    async def others_waiting() -> bool:
        async with pool.acquire() as conn:
            sql = (
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            return await conn.fetchval(sql) >= 4

    async def attempt() -> Outcome:
        async def work() -> Outcome:
            nonlocal calls
            calls += 1
            # The work goes on until the four retries are blocked behind it: concurrent on any machine.
            await until(others_waiting, "the other attempts wait for the first")
            return Outcome(201, {"id": calls})

        async with pool.acquire() as conn, conn.transaction():
            return await run_once(conn, schema="sfi", consumer="c1", key="k-1", fingerprint="f", work=work)

    try:
        outcomes = await asyncio.gather(*(attempt() for _ in range(5)))
    finally:
        await pool.close()
    assert calls == 1
    assert {o.body["id"] for o in outcomes} == {1}
    assert sum(not o.replayed for o in outcomes) == 1


async def test_a_key_reused_for_another_request_is_422(db_url):
    conn = await asyncpg.connect(db_url)

    async def work() -> Outcome:
        return Outcome(201, {"ok": True})

    try:
        async with conn.transaction():
            await run_once(conn, schema="sfi", consumer="c1", key="k", fingerprint="a", work=work)
        with pytest.raises(ValidationFailed):
            async with conn.transaction():
                await run_once(conn, schema="sfi", consumer="c1", key="k", fingerprint="b", work=work)
    finally:
        await conn.close()


async def test_a_failed_attempt_leaves_the_key_free(db_url):
    conn = await asyncpg.connect(db_url)

    async def failing() -> Outcome:
        raise ValidationFailed.field("/x", "bad")

    async def ok() -> Outcome:
        return Outcome(201, {"ok": True})

    try:
        with pytest.raises(ValidationFailed):
            async with conn.transaction():
                await run_once(conn, schema="sfi", consumer="c1", key="k2", fingerprint="a", work=failing)
        async with conn.transaction():
            out = await run_once(conn, schema="sfi", consumer="c1", key="k2", fingerprint="a", work=ok)
        assert out.status == 201 and not out.replayed
    finally:
        await conn.close()


async def test_old_keys_are_forgotten_and_recent_ones_kept(db_url):
    from shared.idempotency import purge_expired

    conn = await asyncpg.connect(db_url)

    async def work() -> Outcome:
        return Outcome(201, {"ok": True})

    try:
        for key in ("old", "new"):
            async with conn.transaction():
                await run_once(conn, schema="validation", consumer="c", key=key, fingerprint="f", work=work)
        await conn.execute("UPDATE validation.idempotency_keys SET created_at = now() - interval '25 hours' "
                           "WHERE key = 'old'")  # fmt: skip
        assert await purge_expired(conn, schema="validation", hours=24) == 1
        keys = await conn.fetch("SELECT key FROM validation.idempotency_keys")
        assert [r["key"] for r in keys] == ["new"]
    finally:
        await conn.close()


@pytest.mark.parametrize("codec", [True, False], ids=["pool-with-jsonb-codec", "bare-connection"])
async def test_the_stored_answer_is_a_json_object_and_replays_as_one(db_url, codec):
    conn = await asyncpg.connect(db_url)
    if codec:
        await init_connection(conn)

    async def work() -> Outcome:
        return Outcome(201, {"id": 7, "secret": "only-now"}, keep={"id": 7})

    try:
        async with conn.transaction():
            first = await run_once(conn, schema="sfi", consumer="c1", key="k-json", fingerprint="f", work=work)
        async with conn.transaction():
            again = await run_once(conn, schema="sfi", consumer="c1", key="k-json", fingerprint="f", work=work)
        kind = await conn.fetchval("SELECT jsonb_typeof(body) FROM sfi.idempotency_keys WHERE key = 'k-json'")
    finally:
        await conn.close()
    assert first.body == {"id": 7, "secret": "only-now"} and not first.replayed
    assert again.body == {"id": 7} and again.replayed and kind == "object"
