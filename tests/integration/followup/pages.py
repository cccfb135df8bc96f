"""Reading the follow-up page as a person sees it: every table's rows of cell texts, by the table's id."""

from __future__ import annotations

import html as html_lib
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_svg = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "svg":
            self._in_svg += 1
        if tag == "table":
            self._table = dict(attrs).get("id", "")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag) -> None:
        if tag == "svg":
            self._in_svg -= 1
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data) -> None:
        if self._cell is not None and not self._in_svg:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """``{table id: [[cell text, …], …]}`` with the header row first."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def row(table: list[list[str]], header: str) -> dict[str, str]:
    """The row whose first cell is ``header``, as {column heading: text}."""
    headings = table[0]
    found = next(r for r in table[1:] if r and r[0] == header)
    return dict(zip(headings, found, strict=True))


def svg_texts(html: str, chart_id: str) -> list[str]:
    """The texts written in one chart (labels and values), in order."""
    start = html.index(f'aria-labelledby="{chart_id}-title')
    body = html[start : html.index("</svg>", start)]
    out, pos = [], 0
    while (i := body.find("<text", pos)) != -1:
        j = body.index(">", i) + 1
        k = body.index("</text>", j)
        out.append(html_lib.unescape(body[j:k]))
        pos = k
    return out
