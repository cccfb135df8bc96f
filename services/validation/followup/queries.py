"""SQL of the validation figures, the log of their disclosures, and the bulk load of demo and benchmark cases."""

from __future__ import annotations

from datetime import date

import asyncpg

# Decisions made in the window: the days from submission to decision (Swedish days) and the outcome, per role.
DECISIONS = """
WITH decided AS (
    SELECT a.role_code AS role, d.outcome,
           (d.decided_at AT TIME ZONE 'Europe/Stockholm')::date - (a.submitted_at AT TIME ZONE 'Europe/Stockholm')::date
               AS days,
           date_trunc($3::text, d.decided_at AT TIME ZONE 'Europe/Stockholm')::date AS period,
           date_trunc('year', d.decided_at AT TIME ZONE 'Europe/Stockholm')::date AS year
      FROM validation.decisions d JOIN validation.applications a ON a.id = d.application_id
     WHERE d.decided_at >= $1::date::timestamp AT TIME ZONE 'Europe/Stockholm'
       AND d.decided_at < (least($2::date, $4::date) + 1)::timestamp AT TIME ZONE 'Europe/Stockholm'
)
SELECT CASE WHEN grouping(period) = 0 THEN 'period' WHEN grouping(year) = 0 THEN 'year' ELSE 'total' END AS by,
       coalesce(period::text, year::text) AS key, role,
       count(*)::int AS decisions,
       count(*) FILTER (WHERE outcome = 'full')::int AS full,
       count(*) FILTER (WHERE outcome = 'partial')::int AS partial,
       count(*) FILTER (WHERE outcome = 'none')::int AS none,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median_days
  FROM decided
 GROUP BY GROUPING SETS ((), (period), (year), (role), (role, period), (role, year))
"""


async def decisions(conn: asyncpg.Connection, *, start: date, end: date, period: str, as_of: date) -> list:
    """Decisions in the window per role (and all roles): how many, the outcomes, the median days to decide."""
    return await conn.fetch(DECISIONS, start, end, period, as_of)


async def roles(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """The role catalogue's codes and titles, in both languages."""
    return await conn.fetch("SELECT code, title_sv, title_en FROM validation.roles ORDER BY code")


async def profiles_by_role(conn: asyncpg.Connection) -> dict[str, str]:
    """One requirement profile per role to decide demo cases against (the package where there is one)."""
    rows = await conn.fetch(
        "SELECT DISTINCT ON (role_code) role_code, code FROM validation.requirement_profiles "
        "ORDER BY role_code, kind <> 'package', code"
    )
    return {r["role_code"]: r["code"] for r in rows}


async def demo_seeded(conn: asyncpg.Connection, *, reference: str) -> bool:
    """True when the demo's first case exists."""
    return await conn.fetchval("SELECT EXISTS (SELECT 1 FROM validation.applications WHERE reference = $1)", reference)


async def insert_rows(conn: asyncpg.Connection, *, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk-insert demo or benchmark rows (pipelined; COPY has no binary form of the JSON columns' codec).

    ``table`` and ``columns`` are the caller's constants, never input.
    """
    params = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    sql = f"INSERT INTO validation.{table} ({', '.join(columns)}) VALUES ({params})"  # noqa: S608
    await conn.executemany(sql, rows)
