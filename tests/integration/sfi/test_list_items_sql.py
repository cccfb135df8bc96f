"""The group list's JSON is built by PostgreSQL; it must say exactly what the Python representation says."""

from __future__ import annotations

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


async def test_sql_items_equal_python_representation_for_live_and_deleted_groups(db_url):
    import json

    conn = await asyncpg.connect(db_url)
    await init_connection(conn)
    try:
        await conn.execute("SET search_path = sfi, public")
        await seed_demo(conn)
        gone = await conn.fetchval("SELECT group_id FROM sfi.published_groups ORDER BY group_id LIMIT 1")
        await conn.execute("UPDATE sfi.published_groups SET deleted_at = now() WHERE group_id = $1", gone)
        python = {str(r["group_id"]): published_json(r) for r in await queries.all_published(conn)}
        live = await queries.find_group_items(conn, f=GroupFilter(), after=None, limit=500)
        synced = await queries.find_group_items(
            conn,
            f=GroupFilter(modified_after=datetime.fromisoformat("2000-01-01T00:00:00+00:00")),
            after=None,
            limit=500,
        )
    finally:
        await conn.close()
    assert len(live) == len(python) - 1 and len(synced) == len(python)
    for row in synced:
        assert _normal(json.loads(row["item"])) == _normal(python[str(row["group_id"])])
