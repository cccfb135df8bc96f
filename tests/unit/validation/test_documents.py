"""Document types are detected from the content, never from the name."""

from __future__ import annotations

import io
import zipfile

import pytest

from services.validation.documents.domain import (
    DOC,
    DOCX,
    JPEG,
    PDF,
    PNG,
    TXT,
    detect_media_type,
    safe_filename,
)


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buf.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", PDF, id="pdf"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG, id="jpeg"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG, id="png"),
        pytest.param(OLE + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), DOC, id="doc"),
        pytest.param(_zip("[Content_Types].xml", "word/document.xml"), DOCX, id="docx"),
        pytest.param("Betyg från Damaskus, 1 800 timmar\r\n".encode(), TXT, id="utf8-text"),
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", None, id="windows-executable"),
        pytest.param(b"\x7fELF\x02\x01\x01", None, id="elf-executable"),
        pytest.param(OLE + b"\x00" * 100 + "Workbook".encode("utf-16-le"), None, id="ole-that-is-not-word"),
        pytest.param(_zip("[Content_Types].xml", "xl/workbook.xml"), None, id="xlsx"),
        pytest.param(b"PK\x03\x04 not really a zip", None, id="broken-zip"),
        pytest.param(b"text with a NUL\x00 inside", None, id="text-with-nul"),
        pytest.param(b"\xff\xfe latin-1 \xe5", None, id="not-utf8"),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", TXT, id="shell-script-is-only-text"),
        pytest.param(b"<!DOCTYPE html><html><body onload=alert(1)>", None, id="html"),
        pytest.param(b"\xef\xbb\xbf\n  <html><script>alert(1)</script>", None, id="html-after-bom-and-space"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', None, id="svg"),
        pytest.param(b'<?xml version="1.0"?><svg/>', None, id="xml-svg"),
        pytest.param(b"<!-- a comment --><p>hi</p>", None, id="html-comment-first"),
        pytest.param(b"Dear reader,\n<script>alert(1)</script>", None, id="script-later-in-text"),
        pytest.param(b"a < b and 2 > 1", TXT, id="angle-brackets-are-text"),
    ],
)
def test_type_is_detected_from_content(content, media_type):
    assert detect_media_type(content) == media_type


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\amina\\betyg.pdf", "betyg.pdf"),
        ("examens\x00bevis\n.pdf", "examensbevis.pdf"),
        ("", "document.pdf"),
        (None, "document.pdf"),
    ],
)
def test_filename_is_made_safe(name, safe):
    assert safe_filename(name, PDF) == safe


@pytest.mark.parametrize(
    ("name", "media_type", "safe"),
    [
        ("cv.pdf", PDF, "cv.pdf"),
        ("CV.PDF", PDF, "CV.PDF"),
        ("foto.jpeg", JPEG, "foto.jpeg"),
        ("foto.jpg", JPEG, "foto.jpg"),
        ("page.html", TXT, "page.html.txt"),
        ("image.svg", PNG, "image.svg.png"),
        ("notes", TXT, "notes.txt"),
        ("betyg.pdf", DOCX, "betyg.pdf.docx"),
        (".htaccess", TXT, "htaccess.txt"),
    ],
)
def test_stored_name_always_ends_as_the_real_type(name, media_type, safe):
    assert safe_filename(name, media_type) == safe
