"""Statistical disclosure control for published figures: no value about fewer than 5 persons leaves a service.

A count below the threshold, a percentage whose numerator or denominator is below it, and a statistic (a median)
computed over fewer persons are all replaced by ``{"suppressed": true}`` with the number left out, so a client
cannot read it by mistake. Zero is below the threshold too: showing 0 but hiding 1-4 would tell them apart.
Both services apply this to their own figures before anything leaves them (docs/follow-up.md).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MIN_PERSONS = 5


def suppressed() -> dict[str, bool]:
    """The marker that stands in for a value about too few persons (a fresh dict: callers may extend it)."""
    return {"suppressed": True}


def is_suppressed(value: Any) -> bool:
    """True for the marker."""
    return isinstance(value, dict) and value.get("suppressed") is True


def count(persons: int) -> int | dict[str, bool]:
    """A number of persons, or the marker when it is below the threshold."""
    return persons if persons >= MIN_PERSONS else suppressed()


def percent(part: int, whole: int) -> float | dict[str, bool]:
    """``part`` of ``whole`` in percent (one decimal), or the marker when either is below the threshold."""
    if part < MIN_PERSONS or whole < MIN_PERSONS:
        return suppressed()
    return round(100.0 * part / whole, 1)


def statistic(value: float | None, persons: int) -> float | dict[str, bool] | None:
    """A value computed over ``persons`` (one decimal), the marker below the threshold, ``None`` if there is none."""
    if persons < MIN_PERSONS:
        return suppressed()
    return None if value is None else round(float(value), 1)


# Secondary (complementary) suppression ---------------------------------------------------------------------------
#
# A breakdown is published with its total, so one hidden cell would be the total minus the visible ones. A figure
# describes how its counts add up (a :class:`Layout`); :func:`protect` finds every group "total = sum of parts" in
# its cells and, where a group shows a primary-suppressed value, hides more until nothing hidden can be worked out
# by subtraction: at least two parts hidden whose sum is at least 5 (the total less the visible parts is all one
# learns), else the next smallest visible part, else the total. A value hidden that way cascades into the other
# groups it belongs to; the rule runs until no group changes. Percentages are hidden when their numerator or
# denominator is (either one and the percentage give the other). See docs/follow-up.md.

Node = tuple[int, str]  # (index of the cell, path of the count in it: "persons", "waitingTime.0-1")


@dataclass(frozen=True, slots=True)
class Layout:
    """How a figure's cells add up.

    ``counts``: the paths of the counts of persons in each cell (a nested one as ``waitingTime.0-1``).
    ``sums``: within one cell, ``(total, parts)``: the parts add up to the total.
    ``percents``: ``path -> (numerator, denominator)``, written in place (one decimal).
    ``statistics``: ``path -> count`` the statistic (a median) is computed over (hidden below 5 persons of it).
    ``series``: the cell fields naming a series; with ``summed_series`` the series whose fields are all ``None``
    is the sum of the others (all courses, all roles).
    Every breakdown other than ``total`` (periods, years, providers, venues, sexes …) partitions the total of its
    series, and the periods of a year add up to the year.
    """

    counts: tuple[str, ...]
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    percents: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    statistics: Mapping[str, str] = field(default_factory=dict)
    series: tuple[str, ...] = ()
    summed_series: bool = False


def _get(cell: Mapping[str, Any], path: str) -> Any:
    for part in path.split("."):
        cell = cell[part]
    return cell


def _set(cell: dict[str, Any], path: str, value: Any) -> None:
    *outer, last = path.split(".")
    for part in outer:
        cell = cell[part]
    cell[last] = value


def groups(cells: Sequence[Mapping[str, Any]], layout: Layout) -> list[tuple[Node, list[Node]]]:
    """Every ``(total, parts)`` of the cells whose raw counts add up (a group that does not is no equation)."""
    out: list[tuple[Node, list[Node]]] = []
    for i in range(len(cells)):
        out += [((i, total), [(i, p) for p in parts]) for total, parts in layout.sums]
    series: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, cell in enumerate(cells):
        series[tuple(cell.get(f) for f in layout.series)][cell["by"]].append(i)
    for breakdowns in series.values():
        totals = breakdowns.get("total", [])
        for by, members in breakdowns.items():
            if by != "total":
                out += [((t, c), [(m, c) for m in members]) for t in totals for c in layout.counts]
        for y in breakdowns.get("year", []):
            year = cells[y]["key"]
            periods = [p for p in breakdowns.get("period", []) if str(cells[p]["key"])[:4] == year]
            out += [((y, c), [(p, c) for p in periods]) for c in layout.counts]
    if layout.summed_series:
        everything = tuple(None for _ in layout.series)
        parts_of: dict[tuple, list[int]] = defaultdict(list)
        whole: dict[tuple, int] = {}
        for i, cell in enumerate(cells):
            where = (cell["by"], cell["key"])
            if tuple(cell.get(f) for f in layout.series) == everything:
                whole[where] = i
            else:
                parts_of[where].append(i)
        out += [((whole[w], c), [(m, c) for m in members]) for w, members in parts_of.items() if w in whole
                for c in layout.counts]  # fmt: skip
    return [(t, ps) for t, ps in out if ps and _get(cells[t[0]], t[1]) == sum(_get(cells[i], p) for i, p in ps)]


def _to_hide(total: Node, parts: list[Node], raw: Mapping[Node, int], hidden: set[Node]) -> Node | None:
    """The next value this group must hide, or None when nothing hidden in it can be worked out."""
    visible = [p for p in parts if p not in hidden]
    smallest = min(visible, key=lambda p: (raw[p], p), default=None)
    if total in hidden:  # the parts must not give the total away
        return smallest if len(visible) == len(parts) else None
    hidden_parts = [raw[p] for p in parts if p in hidden]
    if not hidden_parts or (len(hidden_parts) >= 2 and sum(hidden_parts) >= MIN_PERSONS):
        return None
    return smallest if smallest is not None else total


def hidden_values(cells: Sequence[Mapping[str, Any]], layout: Layout) -> set[Node]:
    """The counts to hide: those below the threshold, and those that would give one of them away."""
    raw = {(i, c): _get(cell, c) for i, cell in enumerate(cells) for c in layout.counts}
    hidden = {n for n, v in raw.items() if v < MIN_PERSONS}
    found = groups(cells, layout)
    of_node: dict[Node, list[int]] = defaultdict(list)
    for g, (total, parts) in enumerate(found):
        for n in (total, *parts):
            of_node[n].append(g)
    queue, queued = deque(range(len(found))), set(range(len(found)))
    while queue:
        g = queue.popleft()
        queued.discard(g)
        node = _to_hide(*found[g], raw, hidden)
        if node is None:
            continue
        hidden.add(node)
        for again in (g, *of_node[node]):
            if again not in queued:
                queued.add(again)
                queue.append(again)
    return hidden


def protect(cells: Sequence[Mapping[str, Any]], layout: Layout) -> list[dict[str, Any]]:
    """The cells as published: raw counts, percentages and statistics with every disclosive value suppressed.

    ``cells`` hold raw counts, raw statistics, and any placeholder where a percentage goes.
    """
    hidden = hidden_values(cells, layout)
    out = []
    for i, cell in enumerate(cells):
        raw = cell
        shown = {k: dict(v) if isinstance(v, dict) else v for k, v in cell.items()}  # counts nest one level deep
        for c in layout.counts:
            _set(shown, c, suppressed() if (i, c) in hidden else _get(raw, c))
        for path, (part, whole) in layout.percents.items():
            if (i, part) in hidden or (i, whole) in hidden:
                _set(shown, path, suppressed())
            else:
                _set(shown, path, percent(_get(raw, part), _get(raw, whole)))
        for path, persons in layout.statistics.items():
            _set(shown, path, statistic(_get(raw, path), _get(raw, persons)))
        out.append(shown)
    return out
