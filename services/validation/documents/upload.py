"""Reading a multipart upload: streamed, size-limited while reading, one file and its kind."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import BodyPartReader, web

from services.validation.documents.domain import KINDS, detect_media_type, safe_filename
from shared.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

MULTIPART_OVERHEAD = 64 * 1024
MAX_FIELD = 1024


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file with its kind and its real media type."""

    kind: str
    filename: str
    media_type: str
    content: bytes


async def _read_file(part: BodyPartReader, limit: int) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk(64 * 1024):
        data += chunk
        if len(data) > limit:
            raise PayloadTooLarge(f"A file may be at most {limit} bytes")
    return bytes(data)


async def _read_field(part: BodyPartReader) -> str:
    raw = bytearray()
    while chunk := await part.read_chunk(MAX_FIELD):
        raw += chunk
        if len(raw) > MAX_FIELD:
            raise ValidationFailed.field(f"/{part.name}", "is too long")
    return raw.decode("utf-8", errors="replace").strip()


async def read_upload(request: web.Request, *, max_file_bytes: int) -> Upload:
    """Read ``kind`` and ``file`` from multipart/form-data; 413 as soon as the file is too large."""
    if request.content_type != "multipart/form-data":
        raise UnsupportedMediaType("Send documents as multipart/form-data with the fields kind and file")
    if request.content_length is not None and request.content_length > max_file_bytes + MULTIPART_OVERHEAD:
        raise PayloadTooLarge(f"A file may be at most {max_file_bytes} bytes")
    kind = filename = None
    content: bytes | None = None
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise ValidationFailed.field("/", "nested multipart bodies are not accepted")
        if part.name == "kind":
            kind = await _read_field(part)
        elif part.name == "file":
            if content is not None:
                raise ValidationFailed.field("/file", "send one file per request")
            filename, content = part.filename, await _read_file(part, max_file_bytes)
        else:
            raise ValidationFailed.field(f"/{part.name}", "unknown field; send kind and file")
    if kind not in KINDS:
        raise ValidationFailed.field("/kind", f"must be one of {', '.join(KINDS)}")
    if not content:
        raise ValidationFailed.field("/file", "a non-empty file is required")
    media_type = detect_media_type(content)
    if media_type is None:
        raise UnsupportedMediaType("The file is not a PDF, JPEG, PNG, Word document or UTF-8 text")
    return Upload(kind, safe_filename(filename, media_type), media_type, content)
