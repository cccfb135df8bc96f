"""Read schedule CSV rows into draft groups, checking each like an API save, with a per-row report."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import asyncpg
import marshmallow

from services.sfi_schedule.admin.queries import lock_schedule
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.groups import queries
from services.sfi_schedule.groups.checks import check_save
from services.sfi_schedule.groups.schemas import DraftGroupSchema
from services.sfi_schedule.imports import queries as lookups
from shared.db import transaction
from shared.errors import Conflict, ValidationFailed, marshmallow_errors
from shared.normalise import ascii_numeric

REQUIRED = ("name", "course", "path", "venue", "capacity", "startDate", "endDate", "slots")
COLUMNS = (*REQUIRED, "variant", "targetRole", "room", "teachers", "term", "supportLanguages", "childPresent",
           "distance", "description")  # fmt: skip
_NAMES = (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), ("mån", "tis", "ons", "tor", "fre", "lör", "sön"))
DAYS = {name: i + 1 for names in _NAMES for i, name in enumerate(names)}
_SLOT = re.compile(r"^\s*(\w+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?:\s+(every|odd|even))?\s*$", re.IGNORECASE)
Progress = Callable[[int, int], None]


@dataclass
class RowResult:
    """What happened to one CSV row (``row`` is the line number in the file)."""

    row: int
    name: str
    status: str  # imported | refused | not_imported
    group_id: str | None = None
    errors: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Report:
    """The outcome of an import: counts, whether anything was kept, and every row."""

    total: int = 0
    imported: int = 0
    refused: int = 0
    committed: bool = False
    rows: list[RowResult] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """camelCase JSON for the API."""
        return {"total": self.total, "imported": self.imported, "refused": self.refused, "committed": self.committed,
                "rows": [{**asdict(r), "groupId": r.group_id} for r in self.rows]}  # fmt: skip


class _RowError(Exception):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors


class _Rollback(Exception):
    pass


def parse_slots(text: str) -> list[dict[str, str]]:
    """``"mon 09:00-12:00; wed 09:00-12:00 odd"`` → slot dicts (Swedish or English day names, or 1-7)."""
    out = []
    for part in filter(str.strip, ascii_numeric(text).split(";")):
        match = _SLOT.match(part)
        day = match and (DAYS.get(match.group(1).lower()) or (int(match.group(1)) if match.group(1).isdigit() else 0))
        if not match or not day:
            raise _RowError(
                [{"field": "slots", "message": f"cannot read {part.strip()!r}; write e.g. 'mon 09:00-12:00 odd'"}]
            )
        out.append({"weekday": day, "start": match.group(2).zfill(5), "end": match.group(3).zfill(5),
                    "interval": (match.group(4) or "every").lower()})  # fmt: skip
    return out


async def _lookup(conn: asyncpg.Connection, row: dict[str, str]) -> dict[str, Any]:
    venue = await lookups.venue_named(conn, name=row["venue"])
    if venue is None:
        raise _RowError([{"field": "venue", "message": f"no venue named {row['venue']!r}"}])
    found: dict[str, Any] = {"venueId": str(venue), "roomId": None, "termId": None, "teacherIds": []}
    if row.get("room"):
        room = await lookups.room_named(conn, venue_id=venue, name=row["room"])
        if room is None:
            raise _RowError([{"field": "room", "message": f"no room {row['room']!r} at {row['venue']}"}])
        found["roomId"] = str(room)
    if row.get("term"):
        term = await lookups.term_named(conn, name=row["term"])
        if term is None:
            raise _RowError([{"field": "term", "message": f"no term named {row['term']!r}"}])
        found["termId"] = str(term)
    for name in filter(None, (t.strip() for t in (row.get("teachers") or "").split(";"))):
        ids = await lookups.teachers_named(conn, name=name)
        if len(ids) != 1:
            raise _RowError(
                [{"field": "teachers", "message": f"{len(ids)} teachers are named {name!r}; need exactly one"}]
            )
        found["teacherIds"].append(str(ids[0]))
    return found


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "ja", "x")


async def _row_data(conn: asyncpg.Connection, row: dict[str, str]) -> dict[str, Any]:
    payload = {
        "name": row["name"], "course": row["course"], "path": row["path"], "variant": row.get("variant") or "standard",
        "targetRole": row.get("targetRole") or None, "capacity": row["capacity"], "startDate": row["startDate"],
        "endDate": row["endDate"], "slots": parse_slots(row["slots"]),
        "supportLanguages": [s.strip() for s in (row.get("supportLanguages") or "").split(";") if s.strip()],
        "childPresent": _flag(row.get("childPresent")), "distance": _flag(row.get("distance")),
        "description": row.get("description") or "", **await _lookup(conn, row),
    }  # fmt: skip
    try:
        return DraftGroupSchema().load(payload)
    except marshmallow.ValidationError as exc:
        raise _RowError(
            [{"field": e.pointer.lstrip("/"), "message": e.message} for e in marshmallow_errors(exc.messages)]
        ) from None


async def _import_row(conn: asyncpg.Connection, config: SfiConfig, row: dict[str, str], line: int) -> RowResult:
    result = RowResult(line, row.get("name") or "", "refused")
    missing = [c for c in REQUIRED if not (row.get(c) or "").strip()]
    try:
        if missing:
            raise _RowError([{"field": c, "message": "is required"} for c in missing])
        data = await _row_data(conn, row)
        gid = uuid.uuid4()
        async with conn.transaction():  # a savepoint: a refused row leaves nothing behind
            venue = await check_save(conn, config, group_id=gid, data=data, exceptions=[])
            await queries.insert_group(conn, id=gid, d={**data, "provider_id": venue["provider_id"]})
            await queries.replace_slots(conn, group_id=gid, slots=data["slots"])
        result.status, result.group_id = "imported", str(gid)
    except _RowError as exc:
        result.errors = exc.errors
    except ValidationFailed as exc:
        result.errors = [{"field": e.pointer.lstrip("/"), "message": e.message} for e in exc.errors]
    except Conflict as exc:
        result.errors = [{"field": "slots", "message": exc.detail}]
    return result


async def import_schedule_csv(
    pool: asyncpg.Pool,
    text: str,
    *,
    commit_on_errors: bool = False,
    config: SfiConfig | None = None,
    progress: Progress | None = None,
) -> Report:
    """Import draft groups from CSV in one transaction; any refused row keeps nothing unless ``commit_on_errors``."""
    config = config or SfiConfig()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    rows = list(reader)
    report = Report(total=len(rows))
    if missing:
        report.rows.append(
            RowResult(1, "", "refused", errors=[{"field": c, "message": "column missing"} for c in missing])
        )
        report.refused = len(rows)
        return report
    try:
        async with transaction(pool) as conn:
            await lock_schedule(conn)
            for index, row in enumerate(rows):
                report.rows.append(await _import_row(conn, config, row, index + 2))
                if progress:
                    progress(index + 1, len(rows))
            report.refused = sum(r.status == "refused" for r in report.rows)
            if report.refused and not commit_on_errors:
                raise _Rollback
            report.imported, report.committed = len(rows) - report.refused, True
    except _Rollback:
        for r in report.rows:
            if r.status == "imported":
                r.status, r.group_id = "not_imported", None
    return report


def _delimiter(text: str) -> str:
    """Spreadsheets in Sweden often export with semicolons; slots use ';' inside quotes, so sniff the header."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    return "," if header.count(",") >= header.count(";") else ";"
