"""SQL of the feeds: which published groups a feed is made of, their revisions, and their documents."""

from __future__ import annotations

from uuid import UUID

import asyncpg

# The groups of each feed. A teacher's are those they teach and those where an exception brings them in as a
# substitute (the feed then keeps only their own sessions); the containment test reads the document's
# exceptions the way the expansion does.
_TEACHER = (
    "($1::uuid = ANY(teacher_ids) OR doc->'exceptions' @> "
    "jsonb_build_array(jsonb_build_object('teacherIds', jsonb_build_array(($1::uuid)::text))))"
)
_OF = {"group": "group_id = $1::uuid", "venue": "venue_id = $1::uuid", "teacher": _TEACHER}
# The newest change of any published group, tombstones included: it never goes back when a group leaves a feed.
_LATEST = "(SELECT max(modified_at) FROM sfi.published_groups) AS latest"
_VERSIONS = {
    kind: f"SELECT group_id, revision, modified_at, {_LATEST} FROM sfi.published_groups "  # noqa: S608 (constants)
    f"WHERE deleted_at IS NULL AND {where} ORDER BY name, group_id"
    for kind, where in _OF.items()
}
_DOCUMENTS = {
    kind: f"SELECT group_id, revision, modified_at, {_LATEST}, doc FROM sfi.published_groups "  # noqa: S608
    f"WHERE deleted_at IS NULL AND {where} ORDER BY name, group_id"
    for kind, where in _OF.items()
}


async def versions(conn: asyncpg.Connection, *, kind: str, of: UUID) -> list[asyncpg.Record]:
    """The live published groups of a feed (``kind`` group, venue or teacher) with revisions, no documents."""
    return await conn.fetch(_VERSIONS[kind], of)


async def documents(conn: asyncpg.Connection, *, kind: str, of: UUID) -> list[asyncpg.Record]:
    """The same groups with their published documents."""
    return await conn.fetch(_DOCUMENTS[kind], of)
