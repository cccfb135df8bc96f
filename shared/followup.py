"""What the follow-up figures of every service share: the reporting window and the labels of its periods.

The gateway decides the window (and "today") once per document and passes it on, so the figures of both
services describe the same days; a service called directly applies the same defaults itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from marshmallow import Schema, fields, validate

from shared.errors import FieldError, Forbidden, ValidationFailed
from shared.identity import Identity

PERIODS = ("month", "quarter", "year")
MAX_YEARS = 10
STOCKHOLM = ZoneInfo("Europe/Stockholm")
STATISTICS_SCOPE = "statistics:read"
STATISTICS_ROLES = ("auditor", "admin")


def require_statistics(identity: Identity) -> None:
    """Auditors and administrators, and systems holding ``statistics:read`` (or ``admin``): aggregates only."""
    if identity.kind == "system":
        if not identity.has_scope(STATISTICS_SCOPE, "admin"):
            raise Forbidden(f"This key lacks the scope: {STATISTICS_SCOPE}")
        return
    identity.require_role(*STATISTICS_ROLES)


def stockholm_today() -> date:
    """Today where the municipality is."""
    return datetime.now(STOCKHOLM).date()


class WindowQuerySchema(Schema):
    """The reporting window: which days the figures cover, how they are split, and the day they are computed for."""

    from_ = fields.Date(data_key="from", metadata={"description": "First day (default: 1 January two years back)"})
    to = fields.Date(metadata={"description": "Last day (default: asOf)"})
    period = fields.String(validate=validate.OneOf(PERIODS), metadata={"description": "Default: quarter"})
    asOf = fields.Date(metadata={"description": "The day the figures are computed for (default: today)"})


@dataclass(frozen=True, slots=True)
class Window:
    """Days ``start``..``end`` (both included) split by ``period``; nothing after ``as_of`` counts."""

    start: date
    end: date
    period: str
    as_of: date

    def query(self) -> dict[str, str]:
        """The window as query parameters (to pass it on), and as a figures document names it."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "period": self.period,
                "asOf": self.as_of.isoformat()}  # fmt: skip


def resolve_window(q: dict[str, Any], today: date) -> Window:
    """Defaults and cross-field checks of a loaded :class:`WindowQuerySchema`; 422 naming the parameter."""
    as_of = q.get("asOf") or today
    end = q.get("to") or as_of
    start = q.get("from_") or date(max(1, end.year - 2), 1, 1)
    errors = []
    if as_of > today:
        errors.append(FieldError("/asOf", "(query) must not be after today"))
    if end > as_of:
        errors.append(FieldError("/to", "(query) must not be after asOf"))
    if start > end:
        errors.append(FieldError("/from", "(query) must not be after to"))
    elif (end - start).days > MAX_YEARS * 366:
        errors.append(FieldError("/from", f"(query) the window may span at most {MAX_YEARS} years"))
    if errors:
        raise ValidationFailed(errors)
    return Window(start, end, q.get("period") or "quarter", as_of)


def period_of(day: date, period: str) -> str:
    """The label of the period ``day`` falls in (``2025-03``, ``2025-Q1``, ``2025``), as the SQL writes it."""
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def period_labels(start: date, end: date, period: str) -> list[str]:
    """Every period from ``start`` to ``end`` in order, so a period nobody falls in still has its row."""
    labels: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        label = period_of(date(year, month, 1), period)
        if not labels or labels[-1] != label:
            labels.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


FILLED = ("total", "period", "year")  # breakdowns whose every row is shown, nobody in it or not


def _key(row: Mapping[str, Any], window: Window) -> Any:
    """A row's key; periods and years come from SQL as their first day and become labels here."""
    key = row["key"]
    if row["by"] in ("period", "year") and key is not None:
        return period_of(date.fromisoformat(key), window.period if row["by"] == "period" else "year")
    return key


def arrange(
    rows: Iterable[Mapping[str, Any]],
    window: Window,
    cell: Callable[[Mapping[str, Any] | None], dict[str, Any]],
    *,
    series: Sequence[tuple[Any, ...]] = ((),),
    columns: Sequence[tuple[str, str]] = (),
    labels: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Cells from grouped rows (``by``, ``key`` and the ``columns`` as (row column, cell field)), in order.

    A period's or year's ``key`` is its first day (ISO); the cell's key is its label (``2025-Q1``).

    Per series value: the total, every period and year of the window (a missing one as an empty row, so the
    charts keep their axis), then the other breakdowns that have rows. ``cell`` turns a row (or ``None`` for
    an empty one) into the cell's values, suppressing what is about too few persons.
    """
    labels = labels or {}
    index = {(tuple(r[col] for col, _ in columns), r["by"], _key(r, window)): r for r in rows}
    others = sorted({(by, key) for _, by, key in index if by not in FILLED},
                    key=lambda bk: (bk[0], bk[1] is None, labels.get(bk[1] or "", bk[1] or "")))  # fmt: skip
    pairs = [("total", None)]
    pairs += [("period", p) for p in period_labels(window.start, window.end, window.period)]
    pairs += [("year", y) for y in period_labels(window.start, window.end, "year")]
    out = []
    for values in series:
        for by, key in [*pairs, *others]:
            row = index.get((tuple(values), by, key))
            if row is None and by not in FILLED:
                continue
            item: dict[str, Any] = {
                "by": by,
                "key": key,
                **{name: v for (_, name), v in zip(columns, values, strict=True)},
            }
            if key in labels:
                item["label"] = labels[key]
            item.update(cell(row))
            out.append(item)
    return out


async def log_disclosure(conn: asyncpg.Connection, *, schema: str, identity: Identity, window: Window) -> None:
    """Remember who took a service's figures out, as what, and for which window (``<schema>.followup_disclosures``,
    append-only). ``schema`` is the service's own constant, never input."""
    await conn.execute(
        f"INSERT INTO {schema}.followup_disclosures (actor, actor_kind, consumer, request_id, params) "  # noqa: S608
        "VALUES ($1, $2, $3, $4, $5)",
        identity.sub,
        identity.kind,
        identity.consumer or identity.sub,
        identity.request_id,
        window.query(),
    )
