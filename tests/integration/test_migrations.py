"""The migration runner against real PostgreSQL: once only, under a lock, and edits are caught."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from shared.migrations import MigrationError, discover, migrate


@pytest.fixture
async def empty_db(pg_admin_url):
    name = f"lotsen_m_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(pg_admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = pg_admin_url.rpartition("/")
    yield f"{base}/{name}"
    await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    await admin.close()


def _write(folder, files):
    folder.mkdir(exist_ok=True)
    for name, sql in files.items():
        (folder / name).write_text(sql)
    return folder


async def test_applies_in_order_once_and_records(empty_db, tmp_path):
    folder = _write(
        tmp_path / "m",
        {
            "001_t.sql": "CREATE TABLE demo.t (id int);",
            "002_row.sql": "INSERT INTO demo.t VALUES (1);",
        },
    )
    conn = await asyncpg.connect(empty_db)
    try:
        assert await migrate(conn, schema="demo", folder=folder) == [1, 2]
        assert await migrate(conn, schema="demo", folder=folder) == []
        assert await conn.fetchval("SELECT count(*) FROM demo.t") == 1
        assert await conn.fetchval("SELECT count(*) FROM demo.schema_migrations") == 2
    finally:
        await conn.close()


async def test_two_runners_at_once_apply_each_file_once(empty_db, tmp_path):
    folder = _write(tmp_path / "m", {"001_t.sql": "CREATE TABLE demo.t (id int); INSERT INTO demo.t VALUES (1);"})
    conns = [await asyncpg.connect(empty_db) for _ in range(2)]
    try:
        results = await asyncio.gather(*(migrate(c, schema="demo", folder=folder) for c in conns))
        assert sorted(map(len, results)) == [0, 1]
        assert await conns[0].fetchval("SELECT count(*) FROM demo.t") == 1
    finally:
        for c in conns:
            await c.close()


async def test_a_failing_migration_leaves_nothing_half_applied(empty_db, tmp_path):
    folder = _write(tmp_path / "m", {"001_bad.sql": "CREATE TABLE demo.t (id int); SELECT no_such_function();"})
    conn = await asyncpg.connect(empty_db)
    try:
        with pytest.raises(asyncpg.UndefinedFunctionError):
            await migrate(conn, schema="demo", folder=folder)
        assert await conn.fetchval("SELECT to_regclass('demo.t')") is None
        assert await conn.fetchval("SELECT count(*) FROM demo.schema_migrations") == 0
    finally:
        await conn.close()


async def test_an_edited_applied_migration_is_refused(empty_db, tmp_path):
    folder = _write(tmp_path / "m", {"001_t.sql": "CREATE TABLE demo.t (id int);"})
    conn = await asyncpg.connect(empty_db)
    try:
        await migrate(conn, schema="demo", folder=folder)
        (folder / "001_t.sql").write_text("CREATE TABLE demo.t (id bigint);")
        with pytest.raises(MigrationError, match="changed"):
            await migrate(conn, schema="demo", folder=folder)
    finally:
        await conn.close()


@pytest.mark.parametrize("name", ["1_short.sql", "001-dash.sql", "001_UPPER.sql"])
def test_badly_named_files_are_refused(tmp_path, name):
    _write(tmp_path / "m", {name: "SELECT 1;"})
    with pytest.raises(MigrationError):
        discover(tmp_path / "m")
