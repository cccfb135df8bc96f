"""A backup taken with the documented ``pg_dump`` command restores into an empty database, and the
services serve the same data from it (docs/operations.md, "Backup and restore")."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from services.registry import migrate_all
from services.sfi_schedule.app import create_app as create_sfi
from services.validation.app import create_app as create_validation
from shared.localpg import candidate_bin_dirs
from shared.settings import load_settings
from tests.helpers import anonymous_header

ROOT = Path(__file__).resolve().parents[2]
# The exact lines of the operations guide; the test runs them as written (after variable substitution).
BACKUP_COMMAND = 'pg_dump --format=custom --no-owner --file=lotsen.dump "$DATABASE_URL"'
RESTORE_COMMAND = 'pg_restore --no-owner --exit-on-error --single-transaction --dbname="$RESTORE_URL" lotsen.dump'
SCHEMAS = ("gateway", "validation", "sfi")


def _client_version(binary: Path) -> int:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False, timeout=30).stdout
    match = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(match.group(1)) if match else 0


def client_bin_dir(server_major: int) -> Path:
    """The folder of pg_dump/pg_restore matching the server's major version (or, failing that, newer).

    A pg_dump older than the server refuses to dump it, and pg_restore cannot read an archive written
    by a newer pg_dump; the binaries beside the ``initdb`` that started the test cluster match it.
    """
    on_path = shutil.which("pg_dump")
    dirs = [*candidate_bin_dirs(), *([Path(on_path).parent] if on_path else [])]
    dirs = [d for d in dirs if (d / "pg_dump").exists() and (d / "pg_restore").exists()]
    versions = {d: _client_version(d / "pg_dump") for d in dirs}
    exact = [d for d, v in versions.items() if v == server_major]
    newer = sorted((d for d, v in versions.items() if v > server_major), key=versions.__getitem__)
    if not exact and not newer:
        pytest.fail(f"no pg_dump/pg_restore >= {server_major} found in {[str(d) for d in dirs]}")
    return (exact or newer)[0]


def _with_db(url: str, name: str) -> str:
    return f"{url.rpartition('/')[0]}/{name}"


async def run_documented(command: str, bin_dir: Path, variables: dict[str, str], cwd: Path) -> None:
    """Run one documented shell line: substitute ``$VARS``, split like a shell, use our binaries."""
    expanded = re.sub(r"\$([A-Z_]+)", lambda m: variables[m.group(1)], command)
    argv = shlex.split(expanded)
    argv[0] = str(bin_dir / argv[0])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    proc = await asyncio.create_subprocess_exec(
        *argv, cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 0, f"{argv[0]} failed ({proc.returncode}): {(err or out).decode()[-2000:]}"


async def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every Lotsen table, plus every sequence's position."""
    conn = await asyncpg.connect(url)
    try:
        tables = await conn.fetch(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = any($1::text[]) ORDER BY 1, 2",
            list(SCHEMAS),
        )
        result = {}
        for t in tables:
            # Identifiers come from pg_catalog, quoted; no user input reaches this SQL.
            qualified = f'"{t["schemaname"]}"."{t["tablename"]}"'
            row = await conn.fetchrow(
                f"SELECT count(*) AS n, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest "  # noqa: S608
                f"FROM {qualified} r"
            )
            result[qualified] = (row["n"], row["digest"])
        for s in await conn.fetch(
            "SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE schemaname = any($1::text[])",
            list(SCHEMAS),
        ):
            result[f"sequence {s['schemaname']}.{s['sequencename']}"] = (s["last_value"] or 0, "")
        return result
    finally:
        await conn.close()


async def put_data(url: str) -> None:
    """Data the migrations did not bring: a role with a profile, an SFI provider, a day of API usage."""
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.execute(
                "INSERT INTO validation.roles (code, title_sv, title_en, ssyk, jobtech_id, regulated) "
                "VALUES ('vardbitrade', 'Vårdbiträde', 'Care assistant', '5330', 'test_jobtech', false)"
            )
            await conn.execute(
                "INSERT INTO validation.requirement_profiles (code, role_code, title, kind, valid_from) "
                "VALUES ('vbt-2025', 'vardbitrade', 'Vårdbiträde 2025', 'package', '2025-01-01')"
            )
            await conn.execute(
                "INSERT INTO validation.requirement_profile_courses (profile_code, course_code, position, part) "
                "VALUES ('vbt-2025', 'OMVOMV01', 1, 'base')"
            )
            await conn.execute(
                "INSERT INTO sfi.providers (id, name, organisation_number) VALUES ($1, 'Komvux Norra', '212000-0001')",
                uuid.uuid4(),
            )
            await conn.execute(
                "INSERT INTO gateway.daily_usage (consumer, day, count) VALUES ('consumer-1', $1, 4711)",
                dt.date.today(),
            )
    finally:
        await conn.close()


@pytest.fixture
async def empty_database(pg_admin_url: str) -> AsyncIterator[str]:
    """A brand-new, empty database (from template0) to restore into; dropped after the test's apps."""
    name = f"lotsen_restored_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(pg_admin_url)
    try:
        await admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        yield _with_db(pg_admin_url, name)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def _served(make_client, settings) -> dict[str, tuple[int, str, object]]:
    """What the validation and SFI services answer on their public reads: status, ETag, body."""
    answers = {}
    for factory, path in ((create_validation, "/v1/roles"), (create_sfi, "/v1/courses")):
        client = await make_client(factory(settings))
        resp = await client.get(path, headers=anonymous_header())
        answers[path] = (resp.status, resp.headers.get("ETag"), await resp.json())
    return answers


def test_the_operations_guide_documents_exactly_these_commands():
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert BACKUP_COMMAND in guide
    assert RESTORE_COMMAND in guide


async def test_backup_restores_into_an_empty_database_and_the_services_serve_the_same_data(
    empty_database, make_client, settings, settings_env, db_url, tmp_path
):
    await put_data(db_url)
    before = await _served(make_client, settings)
    assert before["/v1/roles"][0] == 200 and before["/v1/courses"][0] == 200
    assert "vardbitrade" in {r["code"] for r in before["/v1/roles"][2]["data"]}
    source = await snapshot(db_url)
    assert source['"gateway"."daily_usage"'][0] == 1 and source['"sfi"."providers"'][0] >= 1

    admin = await asyncpg.connect(db_url)
    try:
        major = int(await admin.fetchval("SHOW server_version_num")) // 10000
    finally:
        await admin.close()
    bin_dir = client_bin_dir(major)
    assert await snapshot(empty_database) == {}, "the restore target must start empty"

    # Online backup, taken while the services are connected, then restored into the empty database.
    variables = {"DATABASE_URL": db_url, "RESTORE_URL": empty_database}
    await run_documented(BACKUP_COMMAND, bin_dir, variables, tmp_path)
    assert (tmp_path / "lotsen.dump").read_bytes()[:5] == b"PGDMP"  # the custom format
    await run_documented(RESTORE_COMMAND, bin_dir, variables, tmp_path)

    assert await snapshot(empty_database) == source
    assert await migrate_all(empty_database) == {schema: [] for schema in SCHEMAS}, "migration history restored"
    restored = load_settings({**settings_env, "DATABASE_URL": empty_database})
    assert await _served(make_client, restored) == before
