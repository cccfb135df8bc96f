"""Horizontal bar charts as plain geometry for inline SVG (no I/O, no JavaScript).

A chart is rows of one or more bars; each bar carries the text written beside it, so the chart reads
without the picture too. A value that is suppressed (or missing) has no bar, only its text ("< 5").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

COLOURS = ("#0b4f8a", "#1d6b34", "#a1141c")  # brand blue, green, red: each at least 4.5:1 against white


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its value (None: no bar), the text beside it, and its series (for the colour)."""

    value: float | None
    text: str
    series: int = 0


@dataclass(frozen=True, slots=True)
class Row:
    """A label and its bars."""

    label: str
    bars: Sequence[Bar]


@dataclass(frozen=True, slots=True)
class Chart:
    """What the template draws: ids for title and description, rows with positions, the legend."""

    id: str
    title: str
    desc: str
    rows: list[dict] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    width: int = 460
    height: int = 0
    x0: int = 0
    bar: int = 0


def bar_chart(chart_id: str, title: str, desc: str, rows: Sequence[Row], *, series: Sequence[str] = (),
              top: float | None = None, width: int = 460, label_width: int = 140, bar: int = 20) -> Chart:  # fmt: skip
    """Lay out ``rows``: bars scaled to ``top`` (default: the largest value), one band per row."""
    values = [b.value for r in rows for b in r.bars if b.value is not None]
    top = top or max(values, default=0) or 1
    scale = (width - label_width - 70) / top
    band = max(1, max((len(r.bars) for r in rows), default=1)) * bar + 10
    laid = []
    for i, row in enumerate(rows):
        y = 8 + i * band
        bars = [{"y": y + j * bar, "w": 0 if b.value is None else max(1.0, b.value * scale), "text": b.text,
                 "colour": COLOURS[b.series % len(COLOURS)]} for j, b in enumerate(row.bars)]  # fmt: skip
        laid.append({"label": row.label, "y": y + len(row.bars) * bar / 2 + 4, "bars": bars})
    legend = [(name, COLOURS[i % len(COLOURS)]) for i, name in enumerate(series)]
    return Chart(chart_id, title, desc, laid, legend, width, 16 + len(rows) * band, label_width, bar)
