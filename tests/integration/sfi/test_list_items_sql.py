"""The group list's JSON is built by PostgreSQL; it must say exactly what the Python representation says."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime

import asyncpg

from services.sfi_schedule.catalog import queries
from services.sfi_schedule.catalog.queries import GroupFilter
from services.sfi_schedule.catalog.routes import published_json
from services.sfi_schedule.demo import seed_demo
from shared.db import init_connection


def _normal(value):
    """Timestamps compared as instants (PostgreSQL and Python spell the same instant differently)."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


@contextlib.asynccontextmanager
async def demo_connection(db_url: str):
    """A connection set up like the service's pool, on a database holding the demo schedule."""
    conn = await asyncpg.connect(db_url)
    await init_connection(conn)
    try:
        await conn.execute("SET search_path = sfi, public")
        await seed_demo(conn)
        yield conn
    finally:
        await conn.close()


def items_of(page: queries.ItemPage) -> list[dict]:
    return json.loads(b"[%s]" % page.items)


async def test_sql_items_equal_python_representation_for_live_and_deleted_groups(db_url):
    async with demo_connection(db_url) as conn:
        gone = await conn.fetchval("SELECT group_id FROM sfi.published_groups ORDER BY group_id LIMIT 1")
        await conn.execute("UPDATE sfi.published_groups SET deleted_at = now() WHERE group_id = $1", gone)
        python = {str(r["group_id"]): published_json(r) for r in await queries.all_published(conn)}
        live = await queries.find_group_page(conn, f=GroupFilter(), after=None, limit=500)
        synced = await queries.find_group_page(
            conn,
            f=GroupFilter(modified_after=datetime.fromisoformat("2000-01-01T00:00:00+00:00")),
            after=None,
            limit=500,
        )
    live_items, synced_items = items_of(live), items_of(synced)
    assert len(live_items) == len(python) - 1 and len(synced_items) == len(python)
    assert live.last is None and synced.last is None
    assert not any(item["deleted"] for item in live_items)
    for item in synced_items:
        assert _normal(item) == _normal(python[item["id"]])


async def test_sql_page_cuts_at_the_limit_and_names_the_last_row(db_url):
    async with demo_connection(db_url) as conn:
        names = [
            r["name"]
            for r in await conn.fetch(
                "SELECT name, group_id FROM sfi.published_groups WHERE deleted_at IS NULL ORDER BY name, group_id"
            )
        ]
        first = await queries.find_group_page(conn, f=GroupFilter(), after=None, limit=2)
        rest = await queries.find_group_page(conn, f=GroupFilter(), after=first.last, limit=len(names))
        empty = await queries.find_group_page(conn, f=GroupFilter(courses=["Z"]), after=None, limit=5)
    assert len(names) > 2
    assert [i["name"] for i in items_of(first)] == names[:2]
    assert first.last is not None and first.last[0] == names[1]
    assert [i["name"] for i in items_of(rest)] == names[2:] and rest.last is None
    assert empty.items == b"" and empty.last is None
