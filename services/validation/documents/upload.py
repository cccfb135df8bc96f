"""Reading a multipart upload: streamed, size-limited while reading, one file and its kind."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.multipart import BadContentDispositionHeader, BadContentDispositionParam, MultipartReader

from services.validation.documents.domain import KINDS, detect_media_type, safe_filename
from shared.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, ValidationFailed, pointer

MULTIPART_OVERHEAD = 64 * 1024
MAX_FIELD = 1024
MALFORMED = "The multipart/form-data body is malformed: a missing boundary, a bad part header, or a body cut off"


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
            raise ValidationFailed.field("/kind", "is too long")
    return raw.decode("utf-8", errors="replace").strip()


async def _read_parts(reader: MultipartReader, max_file_bytes: int) -> tuple[str | None, str | None, bytes | None]:
    """``kind``, file name and file bytes, refusing unknown, nested or repeated parts.

    aiohttp drops a malformed Content-Disposition parameter (a bad ``filename*``) with a warning; so do we,
    quietly: the name is then chosen from the file's type. (Another task may see the filter for the same
    moment; it only ever silences these two aiohttp warnings.)
    """
    kind = filename = None
    content: bytes | None = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BadContentDispositionHeader)
        warnings.simplefilter("ignore", BadContentDispositionParam)
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
                raise ValidationFailed.field(pointer(part.name or ""), "unknown field; send kind and file")
    return kind, filename, content


async def read_upload(request: web.Request, *, max_file_bytes: int) -> Upload:
    """Read ``kind`` and ``file`` from multipart/form-data; 413 as soon as the file is too large, 400 if malformed."""
    if request.content_type != "multipart/form-data":
        raise UnsupportedMediaType("Send documents as multipart/form-data with the fields kind and file")
    if request.content_length is not None and request.content_length > max_file_bytes + MULTIPART_OVERHEAD:
        raise PayloadTooLarge(f"A file may be at most {max_file_bytes} bytes")
    try:
        kind, filename, content = await _read_parts(await request.multipart(), max_file_bytes)
    except (ValueError, HttpProcessingError):
        # aiohttp's parser: ValueError for a missing or unmatched boundary and a body that ends early,
        # InvalidHeader for a part header without a colon or with control characters in it.
        raise BadRequest(MALFORMED) from None
    if kind not in KINDS:
        raise ValidationFailed.field("/kind", f"must be one of {', '.join(KINDS)}")
    if not content:
        raise ValidationFailed.field("/file", "a non-empty file is required")
    media_type = detect_media_type(content)
    if media_type is None:
        raise UnsupportedMediaType(
            "The file is not a PDF, JPEG, PNG, Word document or UTF-8 text (HTML, SVG and XML are not accepted)"
        )
    return Upload(kind, safe_filename(filename, media_type), media_type, content)
