"""Malformed multipart/form-data bodies for the upload API and the web upload page: (name, content type, bytes)."""

from __future__ import annotations

from typing import NamedTuple

BOUNDARY = "XyZzY"
FORM = f"multipart/form-data; boundary={BOUNDARY}"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Body(NamedTuple):
    """One bad upload body; ``accepted``: the API stores it anyway (the bad part is only a name it drops)."""

    name: str
    content_type: str
    raw: bytes
    accepted: bool = False


def part(headers: bytes, content: bytes) -> bytes:
    """One part with its header lines as given (CRLF-separated) and its content."""
    return b"--" + BOUNDARY.encode() + b"\r\n" + headers + b"\r\n\r\n" + content + b"\r\n"


KIND = part(b'Content-Disposition: form-data; name="kind"', b"diploma")
END = b"--" + BOUNDARY.encode() + b"--\r\n"


def file_part(filename: bytes, content: bytes = PDF, extra: bytes = b"") -> bytes:
    """The file part with a raw ``filename`` parameter."""
    return part(b'Content-Disposition: form-data; name="file"; filename="' + filename + b'"' + extra, content)


BODIES: tuple[Body, ...] = (
    Body("control-characters-in-filename", FORM, KIND + file_part(b"dip\x01lo\x1b[31mma.pdf") + END),
    Body("nul-in-filename", FORM, KIND + file_part(b"diploma\x00.pdf") + END),
    Body("cr-in-filename", FORM, KIND + file_part(b"diploma\r.pdf") + END),
    Body(
        "bad-rfc8187-filename",
        FORM,
        KIND + part(b"Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''%FF%FE%00.pdf", PDF) + END,
        accepted=True,
    ),
    Body("part-header-without-colon", FORM, part(b'Content-Disposition form-data; name="kind"', b"diploma") + END),
    Body("part-header-only-a-word", FORM, KIND + part(b"garbage", PDF) + END),
    Body("truncated-body", FORM, KIND + file_part(b"diploma.pdf")[:-30]),
    Body("no-closing-boundary", FORM, KIND + file_part(b"diploma.pdf")),
    Body("missing-boundary-parameter", "multipart/form-data", KIND + file_part(b"diploma.pdf") + END),
    Body("empty-boundary-parameter", "multipart/form-data; boundary=", b"----\r\n\r\n"),
    Body("boundary-not-in-body", "multipart/form-data; boundary=other", KIND + END),
    Body("not-multipart-at-all", FORM, b"kind=diploma&file=x"),
    Body("empty-body", FORM, b""),
    Body("nested-multipart", FORM, part(b"Content-Type: multipart/mixed; boundary=inner", b"--inner--") + END),
    Body(
        "unknown-charset",
        FORM,
        part(b'Content-Disposition: form-data; name="kind"\r\nContent-Type: text/plain; charset=no-such', b"diploma")
        + END,
    ),
    Body("two-files", FORM, KIND + file_part(b"a.pdf") + file_part(b"b.pdf") + END),
    Body("html-named-pdf", FORM, KIND + file_part(b"cv.pdf", b"<html><script>alert(1)</script></html>") + END),
    Body("svg", FORM, KIND + file_part(b"logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>') + END),
    Body("urlencoded", "application/x-www-form-urlencoded", b"kind=diploma&file=diploma.pdf"),
)
