"""Apply numbered SQL migrations per service schema, under an advisory lock, recorded in the schema."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

log = logging.getLogger("lotsen.migrations")
_NAME = re.compile(r"^(\d{3,})_([a-z0-9_]+)\.sql$")
_LOCK = "lotsen.migrations"


class MigrationError(Exception):
    """A migration folder or history that cannot be applied safely."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """Hash of the file, to notice an applied migration that was edited afterwards."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


def discover(folder: Path) -> list[Migration]:
    """Read ``NNN_name.sql`` files in version order; refuse duplicates and stray names."""
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path}: name must look like 001_description.sql")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"{path}: version {version} appears twice")
        found[version] = Migration(version, match.group(2), path.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


async def migrate(conn: asyncpg.Connection, *, schema: str, folder: Path) -> list[int]:
    """Apply pending migrations of ``schema``; return the versions applied now."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise MigrationError(f"bad schema name {schema!r}")
    migrations = discover(folder)
    applied_now: list[int] = []
    await conn.execute("SELECT pg_advisory_lock(hashtext($1))", _LOCK)
    try:
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {schema}.schema_migrations ("
            "version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT now())"
        )
        rows = await conn.fetch(f"SELECT version, checksum FROM {schema}.schema_migrations")  # noqa: S608
        done = {r["version"]: r["checksum"] for r in rows}
        for m in migrations:
            if m.version in done:
                if done[m.version] != m.checksum:
                    raise MigrationError(f"{schema} migration {m.version}_{m.name} was changed after it was applied")
                continue
            async with conn.transaction():
                await conn.execute(m.sql)
                await conn.execute(
                    f"INSERT INTO {schema}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",  # noqa: S608
                    m.version,
                    m.name,
                    m.checksum,
                )
            log.info("applied migration", extra={"fields": {"schema": schema, "version": m.version}})
            applied_now.append(m.version)
    finally:
        await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", _LOCK)
    return applied_now
