"""SQL over the published projection (never the draft)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

_SELECT = (
    "SELECT group_id, revision, publication_version, doc, name, created_at, modified_at, deleted_at, "
    "sfi.group_free_seats(group_id, capacity) AS free_seats FROM sfi.published_groups WHERE "
)
# The same count as ``sfi.group_free_seats`` (migration 021), written inline: correlated subqueries are
# planned with the query and use the partial indexes, where a function call per row costs ~50 µs.
_FREE_SEATS = (
    "greatest(0, capacity"
    " - (SELECT count(*) FROM sfi.enrolments e WHERE e.group_id = published_groups.group_id"
    " AND e.status = 'enrolled')::integer"
    " - (SELECT count(*) FROM sfi.offers o WHERE o.group_id = published_groups.group_id"
    " AND o.status = 'open')::integer)"
)
# The reader's JSON of a row, built by PostgreSQL from the stored ``public_text`` (migration 003): the hot
# list endpoint then only joins text instead of decoding every document into Python and encoding it again
# (see docs/benchmarks.md). It must equal ``routes.published_json`` (a test compares them).
_SELECT_ITEMS = (
    "SELECT group_id, name, modified_at, "
    "CASE WHEN deleted_at IS NOT NULL THEN json_build_object('id', group_id, 'deleted', true, "
    "'deletedAt', deleted_at, 'revision', revision, 'publishedVersion', publication_version, "
    "'modifiedAt', modified_at)::text "
    # public_text is a JSON object ending in "}": drop that brace and append the live members.
    'ELSE left(public_text, -1) || \',"deleted": false, "freeSeats": \' || ' + _FREE_SEATS + " || "
    "', \"revision\": ' || revision || ', \"publishedVersion\": ' || publication_version || "
    "', \"modifiedAt\": ' || to_json(modified_at)::text || '}' END AS item "
    "FROM sfi.published_groups WHERE "
)
# Every filter is a $n parameter that is NULL when not asked for.
_FILTERS = (
    "($1::text[] IS NULL OR course_code = ANY($1)) AND ($2::int[] IS NULL OR path = ANY($2)) "
    "AND ($3::text[] IS NULL OR dayparts <@ $3) AND ($4::text[] IS NULL OR venue_kind = ANY($4)) "
    "AND ($5::text IS NULL OR lower(district) = lower($5)) AND ($6::int[] IS NULL OR weekdays && $6) "
    "AND ($7::bool IS NULL OR child_present = $7) "
    "AND ($8::bool IS NULL OR (sfi.group_free_seats(group_id, capacity) > 0) = $8) "
    "AND ($9::text[] IS NULL OR search LIKE ALL($9)) AND ($10::text[] IS NULL OR variant = ANY($10)) "
    "AND ($11::uuid IS NULL OR venue_id = $11) AND ($12::uuid IS NULL OR $12 = ANY(teacher_ids)) "
)
_BROWSE_TAIL = (
    "AND deleted_at IS NULL AND ($13::text IS NULL OR (name, group_id) > ($13, $14::uuid)) "
    "ORDER BY name, group_id LIMIT $15"
)
_SYNC_TAIL = (
    "AND modified_at > $16 AND ($13::text IS NULL OR (modified_at, group_id) > ($13::timestamptz, $14::uuid)) "
    "ORDER BY modified_at, group_id LIMIT $15"
)
_BROWSE_ITEMS = _SELECT_ITEMS + _FILTERS + _BROWSE_TAIL
_SYNC_ITEMS = _SELECT_ITEMS + _FILTERS + _SYNC_TAIL
_BROWSE = (
    _SELECT
    + _FILTERS
    + (
        "AND deleted_at IS NULL AND ($13::text IS NULL OR (name, group_id) > ($13, $14::uuid)) "
        "ORDER BY name, group_id LIMIT $15"
    )
)
_SYNC = (
    _SELECT
    + _FILTERS
    + (
        "AND modified_at > $16 AND ($13::text IS NULL OR (modified_at, group_id) > ($13::timestamptz, $14::uuid)) "
        "ORDER BY modified_at, group_id LIMIT $15"
    )
)


@dataclass(frozen=True, slots=True)
class GroupFilter:
    """Reader filters; ``None`` means "any"."""

    courses: list[str] | None = None
    paths: list[int] | None = None
    dayparts: list[str] | None = None
    venue_kinds: list[str] | None = None
    district: str | None = None
    weekdays: list[int] | None = None
    child_present: bool | None = None
    has_free_seats: bool | None = None
    words: list[str] | None = None
    variants: list[str] | None = None
    venue_id: UUID | None = None
    teacher_id: UUID | None = None
    modified_after: datetime | None = None


def _like(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _args(f: GroupFilter, after: list | None, limit: int) -> list:
    """The $1..$15 parameters of the browse/sync queries (+ $16 for a sync)."""
    words = [_like(w) for w in f.words] if f.words else None
    args = [f.courses, f.paths, f.dayparts, f.venue_kinds, f.district, f.weekdays, f.child_present,
            f.has_free_seats, words, f.variants, f.venue_id, f.teacher_id,
            after[0] if after else None, UUID(after[1]) if after else None, limit]  # fmt: skip
    return args if f.modified_after is None else [*args, f.modified_after]


async def find_groups(
    conn: asyncpg.Connection, *, f: GroupFilter, after: list | None, limit: int
) -> list[asyncpg.Record]:
    """A keyset page of published groups; with ``modified_after`` also tombstones, in change order."""
    return await conn.fetch(_BROWSE if f.modified_after is None else _SYNC, *_args(f, after, limit))


async def find_group_items(
    conn: asyncpg.Connection, *, f: GroupFilter, after: list | None, limit: int
) -> list[asyncpg.Record]:
    """Like ``find_groups``, but each row carries its reader JSON as text (``item``), built in SQL."""
    query = _BROWSE_ITEMS if f.modified_after is None else _SYNC_ITEMS
    return await conn.fetch(query, *_args(f, after, limit))


async def get_published(conn: asyncpg.Connection, *, group_id: UUID) -> asyncpg.Record | None:
    """One live published group."""
    return await conn.fetchrow(_SELECT + "group_id = $1 AND deleted_at IS NULL", group_id)


async def all_published(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Every published group, tombstones included, by id."""
    return await conn.fetch(_SELECT + "true ORDER BY group_id")


async def venue_feed_versions(conn: asyncpg.Connection, *, venue_id: UUID) -> list[asyncpg.Record]:
    """What a venue's feed is made of: its live published groups and their revisions (no documents)."""
    return await conn.fetch(
        "SELECT group_id, revision, publication_version, modified_at FROM sfi.published_groups "
        "WHERE venue_id = $1 AND deleted_at IS NULL ORDER BY name, group_id",
        venue_id,
    )
