"""What a document is, judged from its bytes, never from its name (pure, no I/O)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

KINDS = (
    "diploma",
    "transcript",
    "translation",
    "course_description",
    "employment_certificate",
    "language_proof",
    "id",
)
PDF, JPEG, PNG, DOC, DOCX, TXT = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
)
ACCEPTED = (PDF, JPEG, PNG, DOC, DOCX, TXT)
# The file name endings each type may keep; anything else gets the first one added (``page.html`` → ``page.html.txt``).
EXTENSIONS = {PDF: ("pdf",), JPEG: ("jpg", "jpeg"), PNG: ("png",), DOC: ("doc",), DOCX: ("docx",), TXT: ("txt",)}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OLE container is also what .xls and .msi installers use; a Word file has a WordDocument stream.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What a browser would sniff as HTML or XML (WHATWG MIME Sniffing: a tag, comment or processing instruction
# first), and the elements that run script wherever they appear: such "text" is markup, not a document.
_LEADING_MARKUP = re.compile(r"^\ufeff?\s*<(?:[a-z!?/])", re.IGNORECASE)
_ACTIVE_MARKUP = re.compile(r"<\s*(?:script|svg|html|iframe|object|embed)\b", re.IGNORECASE)


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not (_TEXT_CONTROLS.search(text) or is_markup(text))


def is_markup(text: str) -> bool:
    """True for HTML, SVG or XML: not among the accepted types, whatever the file is called."""
    return bool(_LEADING_MARKUP.match(text) or _ACTIVE_MARKUP.search(text))


def detect_media_type(content: bytes) -> str | None:
    """The media type the bytes really are, among the accepted ones; None for anything else."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(_OLE):
        return DOC if _WORD_STREAM in content else None
    if content.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(content) else None
    return TXT if _is_text(content) else None


def safe_filename(name: str | None, media_type: str) -> str:
    """A name without paths or control characters that ends as its real type does (the bytes decide the type).

    ``cv.pdf`` stays ``cv.pdf``; a text file sent as ``page.html`` is stored and downloaded as
    ``page.html.txt``, so no download can be opened as something other than what it is.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip(" .")[:200]
    allowed = EXTENSIONS[media_type]
    if not base:
        return f"document.{allowed[0]}"
    stem, dot, extension = base.rpartition(".")
    return base if dot and stem and extension.lower() in allowed else f"{base}.{allowed[0]}"
