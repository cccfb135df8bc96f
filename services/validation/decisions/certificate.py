"""The printable certificate (intyg) as a PDF made with reportlab."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from services.validation.messages import text

LEFT, TOP, LINE = 20 * mm, A4[1] - 20 * mm, 6 * mm


@dataclass(frozen=True, slots=True)
class CertificateData:
    """What the certificate states."""

    reference: str
    applicant: str
    role_title: str
    regulated: bool
    decided_on: str
    outcome: str
    courses: Sequence[Mapping[str, Any]]
    gap_list: Sequence[Mapping[str, Any]]
    points_validated: int
    points_remaining: int


class _Writer:
    """Lines top-down, with a new page when the page is full."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas, self.y = canvas, TOP

    def line(self, value: str, *, size: int = 10, bold: bool = False, indent: float = 0) -> None:
        if self.y < 20 * mm:
            self.canvas.showPage()
            self.y = TOP
        self.canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.canvas.drawString(LEFT + indent, self.y, value)
        self.y -= LINE * size / 10

    def wrapped(self, value: str, *, size: int = 10, bold: bool = False, width: int = 95) -> None:
        words, current = value.split(), ""
        for word in words:
            if len(current) + len(word) + 1 > width:
                self.line(current, size=size, bold=bold)
                current = word
            else:
                current = f"{current} {word}".strip()
        if current:
            self.line(current, size=size, bold=bold)


def _courses(writer: _Writer, title: str, rows: Sequence[Mapping[str, Any]], lang: str) -> None:
    writer.line(title, size=12, bold=True)
    if not rows:
        writer.line(text("certificate.none", lang), indent=5 * mm)
    for row in rows:
        writer.line(f"{row['code']}  {row['name']}  ({row['points']} p)", indent=5 * mm)
    writer.y -= LINE / 2


def render_certificate(data: CertificateData, *, lang: str) -> bytes:
    """A PDF certificate listing fully and partly matched courses and the gap list."""
    buf = io.BytesIO()
    # Uncompressed: a one-page certificate stays small and its text stays searchable.
    canvas = Canvas(buf, pagesize=A4, invariant=True, pageCompression=0)
    canvas.setTitle(f"{text('certificate.title', lang)} {data.reference}")
    writer = _Writer(canvas)
    writer.line(text("certificate.title", lang), size=18, bold=True)
    writer.y -= LINE / 2
    if data.regulated:
        canvas.setFillColorRGB(0.6, 0, 0)
        writer.wrapped(text("certificate.pre_assessment", lang), size=11, bold=True, width=80)
        canvas.setFillColorRGB(0, 0, 0)
        writer.y -= LINE / 2
    writer.line(f"{text('certificate.reference', lang)}: {data.reference}")
    writer.line(f"{text('certificate.applicant', lang)}: {data.applicant}")
    writer.line(f"{text('certificate.role', lang)}: {data.role_title}")
    writer.line(f"{text('certificate.decided', lang)}: {data.decided_on}")
    writer.line(text(f"outcome.{data.outcome}", lang), size=12, bold=True)
    writer.y -= LINE / 2
    _courses(writer, text("certificate.full_courses", lang), [c for c in data.courses if c["outcome"] == "full"], lang)
    partly = [c for c in data.courses if c["outcome"] == "partial"]
    _courses(writer, text("certificate.partial_courses", lang), partly, lang)
    _courses(writer, text("certificate.gap_list", lang), data.gap_list, lang)
    writer.line(text("certificate.points", lang, validated=data.points_validated, remaining=data.points_remaining))
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
