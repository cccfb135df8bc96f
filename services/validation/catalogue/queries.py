"""SQL for the role catalogue."""

from __future__ import annotations

from datetime import date

import asyncpg


async def list_roles(
    conn: asyncpg.Connection, *, on: date | None = None, code: str | None = None
) -> list[asyncpg.Record]:
    """Every role (or the one with ``code``) with its requirement profiles (all versions, or those valid ``on``)."""
    return await conn.fetch(
        """
        SELECT r.code, r.title_sv, r.title_en, r.ssyk, r.jobtech_id, r.regulated, r.note,
               coalesce(json_agg(json_build_object(
                   'code', p.code, 'title', p.title, 'kind', p.kind,
                   'validFrom', p.valid_from, 'validTo', p.valid_to,
                   'educationStartedFrom', p.education_started_from,
                   'educationStartedTo', p.education_started_to,
                   'minPoints', p.min_points, 'rules', p.rules,
                   'courses', (
                       SELECT coalesce(json_agg(json_build_object(
                           'code', c.code, 'name', c.name, 'points', c.points,
                           'part', pc.part, 'alternativeGroup', pc.alternative_group,
                           'prerequisites', c.prerequisites) ORDER BY pc.position), '[]'::json)
                       FROM requirement_profile_courses pc JOIN courses c ON c.code = pc.course_code
                       WHERE pc.profile_code = p.code)
               ) ORDER BY p.valid_from NULLS FIRST, p.code)
               FILTER (WHERE p.code IS NOT NULL), '[]'::json) AS profiles
        FROM roles r
        LEFT JOIN requirement_profiles p ON p.role_code = r.code
             AND ($1::date IS NULL OR (coalesce(p.valid_from, '-infinity') <= $1
                                       AND coalesce(p.valid_to, 'infinity') >= $1))
        WHERE $2::text IS NULL OR r.code = $2
        GROUP BY r.code
        ORDER BY r.code
        """,
        on,
        code,
    )


async def get_role(conn: asyncpg.Connection, *, code: str) -> asyncpg.Record | None:
    """One role with all its profile versions, or None (only that role is read)."""
    rows = await list_roles(conn, code=code)
    return rows[0] if rows else None


async def course_points(conn: asyncpg.Connection) -> dict[str, int]:
    """Points of every course in the catalogue, by code."""
    return {r["code"]: r["points"] for r in await conn.fetch("SELECT code, points FROM courses")}
