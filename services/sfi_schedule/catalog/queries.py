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
# The reader's JSON of a row, built by PostgreSQL from the stored ``public_head`` (migration 023): the hot
# list endpoint then only joins text instead of decoding every document into Python and encoding it again
# (see docs/benchmarks.md). It must equal ``routes.published_json`` (a test compares them).
_ITEM = (
    "CASE WHEN deleted_at IS NOT NULL THEN json_build_object('id', group_id, 'deleted', true, "
    "'deletedAt', deleted_at, 'revision', revision, 'publishedVersion', publication_version, "
    "'modifiedAt', modified_at)::text "
    # public_head is the document's JSON object without its closing brace: append the live members.
    'ELSE public_head || \',"deleted": false, "freeSeats": \' || ' + _FREE_SEATS + " || "
    "', \"revision\": ' || revision || ', \"publishedVersion\": ' || publication_version || "
    "', \"modifiedAt\": ' || to_json(modified_at)::text || '}' END"
)
# One condition per filter, with "{}" for its parameter; only the filters asked for go into the WHERE clause.
# (A "($n IS NULL OR ...)" form made one statement for all, but PostgreSQL then re-planned it on every call and
# could not use it for anything but a scan; the shapes are few, and asyncpg keeps each prepared per connection.)
_CONDITIONS = (
    ("courses", "course_code = ANY({}::text[])"),
    ("paths", "path = ANY({}::int[])"),
    ("dayparts", "dayparts <@ {}::text[]"),
    ("venue_kinds", "venue_kind = ANY({}::text[])"),
    ("district", "lower(district) = lower({}::text)"),
    ("weekdays", "weekdays && {}::int[]"),
    ("child_present", "child_present = {}::bool"),
    ("has_free_seats", "(sfi.group_free_seats(group_id, capacity) > 0) = {}::bool"),
    ("words", "search LIKE ALL({}::text[])"),
    ("variants", "variant = ANY({}::text[])"),
    ("venue_id", "venue_id = {}::uuid"),
    ("teacher_id", "{}::uuid = ANY(teacher_ids)"),
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


def _where(f: GroupFilter, after: list | None, args: list) -> tuple[str, str]:
    """The WHERE conditions and the ORDER BY of a browse (live groups by name) or sync (changes) page.

    Parameters are appended to ``args``.
    """
    values = {"words": [_like(w) for w in f.words] if f.words else None}

    def param(value: object) -> str:
        args.append(value)
        return f"${len(args)}"

    conditions = [
        clause.format(param(value))
        for name, clause in _CONDITIONS
        if (value := values.get(name, getattr(f, name))) is not None
    ]
    if f.modified_after is None:
        conditions.append("deleted_at IS NULL")
        if after:
            conditions.append(f"(name, group_id) > ({param(after[0])}::text, {param(UUID(after[1]))}::uuid)")
        return " AND ".join(conditions), "name, group_id"
    conditions.append(f"modified_at > {param(f.modified_after)}::timestamptz")
    if after:
        position = f"({param(after[0])}::text::timestamptz, {param(UUID(after[1]))}::uuid)"
        conditions.append(f"(modified_at, group_id) > {position}")
    return " AND ".join(conditions), "modified_at, group_id"


@dataclass(frozen=True, slots=True)
class ItemPage:
    """One page of the reader list: its items' JSON joined by commas, and where the next page starts."""

    items: bytes  # UTF-8
    last: list[str] | None  # sort key of the page's last row when more rows follow, else None


async def find_groups(
    conn: asyncpg.Connection, *, f: GroupFilter, after: list | None, limit: int
) -> list[asyncpg.Record]:
    """A keyset page of published groups; with ``modified_after`` also tombstones, in change order."""
    args: list = []
    where, order = _where(f, after, args)
    args.append(limit)
    return await conn.fetch(f"{_SELECT}{where} ORDER BY {order} LIMIT ${len(args)}", *args)


def _page_sql(f: GroupFilter, after: list | None, limit: int) -> tuple[str, list]:
    args: list = []
    where, order = _where(f, after, args)
    args += [limit + 1, limit]
    fetch, keep = len(args) - 1, len(args)
    key = "name" if f.modified_after is None else "modified_at"
    # Every interpolated piece is a constant of this module or a $n placeholder; values go in ``args``.
    rows = (
        f"SELECT {_ITEM} AS item, {key} AS k, group_id, row_number() OVER (ORDER BY {order}) AS rn "  # noqa: S608
        f"FROM sfi.published_groups WHERE {where} ORDER BY {order} LIMIT ${fetch}::int"
    )
    last = f"FILTER (WHERE rn = ${keep}::int)"
    return (
        # bytea: the UTF-8 bytes go into the response as they come, not decoded to str and encoded again
        "SELECT convert_to(coalesce(string_agg(item, ',' ORDER BY rn) "  # noqa: S608
        f"FILTER (WHERE rn <= ${keep}::int), ''), 'UTF8') AS items, "
        f"count(*) > ${keep}::int AS more, max(k) {last} AS k, max(group_id::text) {last} AS id FROM ({rows}) AS page"
    ), args


async def find_group_page(conn: asyncpg.Connection, *, f: GroupFilter, after: list | None, limit: int) -> ItemPage:
    """Like ``find_groups``, but as one row: the reader JSON of the page's groups, built and joined in SQL.

    One row instead of a row per group: less to decode, and the answer arrives in one piece.
    """
    sql, args = _page_sql(f, after, limit)
    row = await conn.fetchrow(sql, *args)
    if not row["more"]:
        return ItemPage(row["items"], None)
    k = row["k"]
    return ItemPage(row["items"], [k if isinstance(k, str) else k.isoformat(), row["id"]])


async def get_published(conn: asyncpg.Connection, *, group_id: UUID) -> asyncpg.Record | None:
    """One live published group."""
    return await conn.fetchrow(_SELECT + "group_id = $1 AND deleted_at IS NULL", group_id)


async def all_published(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    """Every published group, tombstones included, by id."""
    return await conn.fetch(_SELECT + "true ORDER BY group_id")
