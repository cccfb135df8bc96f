"""The printable certificate (intyg) and gap list as a PDF: the applicant's language first, then Swedish.

fpdf2 lays the text out with HarfBuzz shaping (``uharfbuzz``), so Arabic and Persian letters join, Ethiopic
syllables and Cyrillic print, and right-to-left lines run right to left with names, numbers and codes kept
in their own order (the Unicode bidirectional algorithm). The fonts are Debian's Noto Sans families, embedded
as subsets (``shared.fonts``). An applicant who reads Swedish gets one Swedish part; anyone else gets their
language, then the same certificate in Swedish for the authorities.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.validation.messages import text
from shared.fonts import fonts
from shared.i18n import DEFAULT_LANGUAGE, direction

MARGIN = 20  # mm


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
    # The role's title per language (``role_title`` is used where a language has none).
    role_titles: Mapping[str, str] | None = None


def _document(title: str, decided_on: str) -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    # Dated by the decision, not the clock: the same decision prints the same bytes.
    pdf.set_creation_date(datetime.combine(date.fromisoformat(decided_on), time(12), tzinfo=UTC))
    pdf.set_title(title)
    pdf.set_creator("Lotsen")
    families = fonts()
    for font in families:
        pdf.add_font(font.family, "", str(font.regular))
        pdf.add_font(font.family, "B", str(font.bold))
    pdf.set_fallback_fonts([f.family for f in families[1:]], exact_match=False)
    pdf.set_font(families[0].family, size=10)
    return pdf


class _Part:
    """One language's part: lines top-down in that language's direction."""

    def __init__(self, pdf: FPDF, lang: str) -> None:
        self.pdf, self.lang = pdf, lang
        self.rtl = direction(lang) == "rtl"
        pdf.set_text_shaping(use_shaping_engine=True, direction=direction(lang))

    def line(self, value: str, *, size: float = 10, bold: bool = False, indent: float = 0, gap: float = 0) -> None:
        pdf = self.pdf
        pdf.set_font(style="B" if bold else "", size=size)
        width = pdf.epw - indent
        if self.rtl:
            pdf.set_x(pdf.l_margin)
        else:
            pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width, size * 0.5, value, align="R" if self.rtl else "L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

    def field(self, label: str, value: str) -> None:
        """``label: value``, the value isolated from the line's direction where it runs the other way."""
        self.line(f"{label}: {isolate(value, rtl=self.rtl)}")


_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def isolate(value: str, *, rtl: bool) -> str:
    """``value`` isolated (LRI/RLI … PDI) when its direction differs from the line's: a date or a code keeps its
    order inside Arabic text, a name in Arabic letters inside a left-to-right line."""
    value_rtl = bool(_RTL_LETTER.search(value))
    if value_rtl == rtl:
        return value
    opening = "\u2067" if value_rtl else "\u2066"  # RLI or LRI; PDI closes either
    return f"{opening}{value}\u2069"


def _courses(part: _Part, title: str, rows: Sequence[Mapping[str, Any]]) -> None:
    part.line(title, size=12, bold=True, gap=1)
    if not rows:
        part.line(text("certificate.none", part.lang), indent=5)
    for row in rows:
        rtl = part.rtl
        code, name, points = (isolate(str(row[k]), rtl=rtl) for k in ("code", "name", "points"))
        part.line(f"{code}  {name}  ({points} p)", indent=5)
    part.pdf.ln(3)


def _write_part(pdf: FPDF, data: CertificateData, lang: str, *, copy_for_authorities: bool) -> None:
    pdf.add_page()
    part = _Part(pdf, lang)
    if copy_for_authorities:
        part.line(text("certificate.swedish_copy", lang), size=9, gap=2)
    part.line(text("certificate.title", lang), size=18, bold=True, gap=3)
    if data.regulated:
        # Bold, not red: fpdf2 2.8 drops a coloured wrapped line's Latin words when the line falls back from
        # Noto Sans Ethiopic (seen in Tigrinya); black bold text keeps every word.
        part.line(text("certificate.pre_assessment", lang), size=11, bold=True, gap=3)
    role = (data.role_titles or {}).get(lang) or data.role_title
    part.field(text("certificate.reference", lang), data.reference)
    part.field(text("certificate.applicant", lang), data.applicant)
    part.field(text("certificate.role", lang), role)
    part.field(text("certificate.decided", lang), data.decided_on)
    pdf.ln(2)
    part.line(text(f"outcome.{data.outcome}", lang), size=12, bold=True, gap=3)
    _courses(part, text("certificate.full_courses", lang), [c for c in data.courses if c["outcome"] == "full"])
    _courses(part, text("certificate.partial_courses", lang), [c for c in data.courses if c["outcome"] == "partial"])
    _courses(part, text("certificate.gap_list", lang), data.gap_list)
    part.line(text("certificate.points", lang, validated=data.points_validated, remaining=data.points_remaining))


def render_certificate(data: CertificateData, *, lang: str) -> bytes:
    """The certificate in ``lang``, followed (unless ``lang`` is Swedish) by the same in Swedish."""
    pdf = _document(f"{text('certificate.title', lang)} {data.reference}", data.decided_on)
    _write_part(pdf, data, lang, copy_for_authorities=False)
    if lang != DEFAULT_LANGUAGE:
        _write_part(pdf, data, DEFAULT_LANGUAGE, copy_for_authorities=True)
    return bytes(pdf.output())
