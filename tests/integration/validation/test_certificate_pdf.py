"""The certificate PDF for applicants named in Arabic and in Cyrillic script (issue 20, must show 3).

The PDF is read back three ways, none of them the code that wrote it: pypdf extracts the text (the headings
of both parts, the applicant's language first, then Swedish for the authorities); PDFium (pypdfium2) gives
each character's position, so the name is read in its reading order (right to left for Arabic), and renders
page 1 to an image; fontTools and HarfBuzz (uharfbuzz) say which glyphs a correctly shaped name is drawn
with, and the font embedded in the PDF must hold exactly those (joined Arabic letter forms, not isolated).
"""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf
import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from shared.fonts import fonts
from tests.integration.validation.support import submit, to_assessed, tracking
from tests.integration.validation.test_decisions import decide
from tests.languages import catalogue_keyed

ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))
APPLICANTS = {
    "ar": ("أمينة", "حداد", "NotoSansArabic"),
    "uk": ("Олена", "Шевченко", "NotoSans"),
}
HEADINGS = ("certificate.title", "certificate.applicant", "certificate.gap_list", "certificate.full_courses")


def chars_of(page: pdfium.PdfPage) -> list[tuple[str, float, float]]:
    """Every character on the page with the centre of its box (x) and the bottom of its line (y)."""
    text = page.get_textpage()
    out = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        left, bottom, right, _top = text.get_charbox(i, loose=True)  # loose: the line's box, not the ink's
        out.append((ch, (left + right) / 2, round(bottom)))
    return out


def line_reading(chars: list[tuple[str, float, float]], letters: str, rtl: bool) -> str:
    """The letters of the line that holds ``letters``' first letter, in reading order (by position)."""
    ys = [y for ch, _x, y in chars if ch == letters[0]]
    assert ys, f"{letters[0]!r} is not on the page"
    found = []
    for y in ys:
        line = [(x, ch) for ch, x, cy in chars if abs(cy - y) <= 1 and unicodedata.category(ch)[0] == "L"]
        line.sort(key=lambda item: -item[0] if rtl else item[0])
        found.append("".join(ch for _x, ch in line))
    return " | ".join(found)


def shaped_glyph_names(font_path: str, text: str, rtl: bool) -> set[str]:
    """The glyphs HarfBuzz draws ``text`` with in this font (what correct shaping means)."""
    blob = hb.Blob.from_file_path(font_path)
    font = hb.Font(hb.Face(blob))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    if rtl:
        buf.direction = "rtl"
    hb.shape(font, buf)
    order = TTFont(font_path).getGlyphOrder()
    return {order[info.codepoint] for info in buf.glyph_infos}


def embedded_glyph_names(pdf: bytes, family: str) -> set[str]:
    """The glyph names of the embedded subsets of ``family`` (regular and bold)."""
    names: set[str] = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if str(font["/BaseFont"]).split("+")[-1] not in (family, family + "Bold"):
                continue
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            names.update(TTFont(io.BytesIO(descriptor["/FontFile2"].get_data())).getGlyphOrder())
    return names


async def decided_case(client, given: str, family: str, lang: str) -> tuple[dict, dict]:
    case = await submit(client, name={"given": given, "family": family}, preferredLanguage=lang)
    applicant = tracking(case)
    case = await to_assessed(client, case)
    assert (await decide(client, case)).status == 200
    return case, applicant


@pytest.mark.parametrize("lang", sorted(APPLICANTS))
async def test_certificate_names_the_applicant_in_their_script_in_both_parts(client, lang, tmp_path):
    given, family, font_family = APPLICANTS[lang]
    name = f"{given} {family}"
    rtl = lang == "ar"
    case, applicant = await decided_case(client, given, family, lang)

    resp = await client.get(f"/v1/applications/{case['id']}/certificate", headers=applicant)
    assert resp.status == 200 and resp.content_type == "application/pdf"
    pdf = await resp.read()

    # Text (pypdf): the applicant's language on page 1, Swedish after it; the name in both parts.
    pages = [p.extract_text().translate(ISOLATES) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    first, swedish = pages[0], "\n".join(pages[1:])
    for key in HEADINGS:
        for heading, text in ((catalogue_keyed(lang, key), first), (catalogue_keyed("sv", key), swedish)):
            # pypdf gives right-to-left lines in visual word order: compare the words, not the whole line
            missing = set(re.findall(r"\w+", heading)) - set(re.findall(r"\w+", text))
            assert not missing, f"{key}: {heading!r} not in\n{text}"
    assert catalogue_keyed("sv", "certificate.title") not in first
    assert "Intyg om validering" in swedish and "Sökande" in swedish and "Undersköterska" in swedish  # Swedish role

    # Reading order (PDFium's character positions): the name reads given name first, right to left in Arabic.
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        reading = line_reading(chars_of(document[index]), given, rtl=rtl)
        assert name.replace(" ", "") in reading, f"page {index + 1}: {reading!r}"

    # Shaping (HarfBuzz with the same font): the embedded subset holds the shaped glyphs of the name.
    font_path = str(next(f.regular for f in fonts() if f.family == font_family))
    expected = shaped_glyph_names(font_path, name, rtl)
    assert expected <= embedded_glyph_names(pdf, font_family), expected
    if rtl:  # joined forms (initial, medial, final), which unshaped text never uses
        isolated = {TTFont(font_path).getBestCmap()[ord(ch)] for ch in name if ch != " "}
        assert expected - isolated, "the name is drawn with isolated letters only"

    # Page 1 as an image (PDFium): the title sits on the reading side (right for Arabic, left for Ukrainian).
    page = document[0]
    bitmap = page.render(scale=2).to_pil().convert("L")
    bitmap.save(tmp_path / f"certificate-{lang}.png")
    width, height = bitmap.size
    band = bitmap.crop((0, int(height * 0.065), width, int(height * 0.095)))  # the title line
    inked = [x for x in range(width) if any(band.getpixel((x, y)) < 128 for y in range(0, band.height, 2))]
    assert inked, "nothing drawn at the top of page 1"
    if rtl:
        assert min(inked) > width * 0.45 and max(inked) > width * 0.85
    else:
        assert min(inked) < width * 0.15 and max(inked) < width * 0.6
