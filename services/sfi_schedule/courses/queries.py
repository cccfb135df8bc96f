"""SQL for SFI courses and study paths."""

from __future__ import annotations

import asyncpg


async def list_courses(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Courses A–D with the study paths that contain each, in course order."""
    return await conn.fetch(
        """
        SELECT c.code, c.name_sv, c.name_en, c.position, c.national_test,
               array_agg(cp.path ORDER BY cp.path) AS paths
        FROM courses c JOIN course_paths cp ON cp.course_code = c.code
        GROUP BY c.code
        ORDER BY c.position
        """
    )
