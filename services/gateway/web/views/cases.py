"""An applicant's case: upload documents, follow it with the tracking code, read the decision, download."""

from __future__ import annotations

import asyncio
import uuid
import warnings

import aiohttp
from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.multipart import BadContentDispositionHeader, BadContentDispositionParam

from services.gateway.config import GATEWAY_CONFIG
from services.gateway.web.client import Reply, call
from services.gateway.web.config import WEB_CONFIG
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.labels import DOCUMENT_KINDS
from services.gateway.web.render import render
from services.gateway.web.session import check_csrf, csrf_token, page_identity
from services.gateway.web.views.common import PageError, expect, page
from shared.errors import Forbidden

CHUNK = 64 * 1024
TRACKING = "X-Tracking-Code"


def _case_id(raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise PageError(404, "") from None


def _service_lang(request: web.Request) -> str:
    """The page's language: the validation service writes its texts in all seven (issue 20)."""
    return negotiate(request).code


async def render_case(request: web.Request, case_id: str, code: str | None, notice: str = "",
                      errors: dict | None = None, status: int = 200) -> web.Response:  # fmt: skip
    """The applicant's case page: state, what is missing, next step, decision, documents, certificate."""
    headers = {TRACKING: code} if code else {}
    params = {"lang": _service_lang(request)}
    overview, full = await asyncio.gather(
        call(request, "validation", "GET", f"/v1/applications/{case_id}/overview", params=params, headers=headers),
        call(request, "validation", "GET", f"/v1/applications/{case_id}", params=params, headers=headers),
    )
    if overview.status == 404:
        raise PageError(404, gettext(request, "We found no case with that reference and tracking code."))
    return render(request, "apply/case.html", {
        "o": expect(request, overview).body, "case": expect(request, full).body, "code": code or "",
        "notice": notice, "errors": errors or {}, "kinds": DOCUMENT_KINDS,
        "max_mb": request.app[WEB_CONFIG].max_file_bytes // (1024 * 1024),
    }, status=status, private=True)  # fmt: skip


@page
async def follow_form(request: web.Request) -> web.Response:
    """Ask for the reference (or case number) and the tracking code — posted, never put in a URL."""
    ref = request.match_info.get("id", "") or request.query.get("reference", "")[:40]
    return render(request, "apply/follow.html", {"case_id": ref}, private=True)


@page
async def follow(request: web.Request) -> web.Response:
    """Show the case to whoever proves the tracking code."""
    form = await check_csrf(request)
    code = str(form.get("code", "")).strip()
    ref = str(form.get("reference", "")).strip() or request.match_info.get("id", "")
    case_id = await _resolve(request, ref, code)
    if case_id is None or not code:
        msg = gettext(request, "We found no case with that reference and tracking code.")
        return render(request, "apply/follow.html", {"case_id": ref, "error": msg}, status=404, private=True)
    return await render_case(request, case_id, code)


async def _resolve(request: web.Request, ref: str, code: str) -> str | None:
    """A case id from a case number, or from a reference through the service's look-up (when it has one)."""
    try:
        return str(uuid.UUID(ref))
    except ValueError:
        pass
    reply = await call(request, "validation", "POST", "/v1/applications/lookup",
                       json_body={"reference": ref.upper()}, headers={TRACKING: code})  # fmt: skip
    return str(reply.body["id"]) if reply.ok and isinstance(reply.body, dict) else None


@page
async def my_case(request: web.Request) -> web.Response:
    """A signed-in applicant's own case."""
    if page_identity(request).anonymous:
        raise web.HTTPSeeOther(location="/follow/" + _case_id(request.match_info["id"]))
    return await render_case(request, _case_id(request.match_info["id"]), None)


class TooLarge(Exception):
    """The file is larger than the service takes (the rest of the body was read and thrown away)."""


async def _read_file(part: BodyPartReader, limit: int, drain_limit: int) -> bytes:
    """The part's bytes in chunks (``part.read()`` would stop at the app's 1 MiB JSON body limit).

    Past ``limit`` the rest is read and dropped, up to ``drain_limit`` (the gateway's upload limit), so the
    browser gets the friendly page instead of a connection reset half-way through its upload.
    """
    data = bytearray()
    seen = 0
    while chunk := await part.read_chunk(CHUNK):
        seen += len(chunk)
        if seen > drain_limit:
            raise PageError(413, "")  # far beyond any promise: the error page, and the connection may close
        if seen <= limit:
            data += chunk
    if seen > limit:
        raise TooLarge
    return bytes(data)


async def _read_upload(request: web.Request) -> tuple[dict[str, str], tuple[str, str, bytes] | None]:
    """Stream the multipart form: the small fields, then one file of at most ``max_file_bytes``.

    Anything that is not a well-formed multipart form (a urlencoded POST, a missing boundary, a bad part
    header, a body cut off) is a 400 page, never a 500. A file above the limit is :class:`TooLarge`.
    """
    if request.content_type != "multipart/form-data":
        raise PageError(400, gettext(request, "Choose a file and its kind."))
    limit = request.app[WEB_CONFIG].max_file_bytes
    drain = request.app[GATEWAY_CONFIG].max_upload_bytes
    if request.content_length is not None and request.content_length > drain:
        raise PageError(413, "")
    fields: dict[str, str] = {}
    upload = None
    too_large = False
    try:
        with warnings.catch_warnings():  # aiohttp drops a malformed filename parameter with a warning
            warnings.simplefilter("ignore", BadContentDispositionHeader)
            warnings.simplefilter("ignore", BadContentDispositionParam)
            async for part in await request.multipart():
                if not isinstance(part, BodyPartReader):
                    raise PageError(400, gettext(request, "Choose a file and its kind."))
                if part.filename:
                    try:
                        data = await _read_file(part, limit, drain)
                    except TooLarge:
                        too_large = True
                        continue
                    upload = (part.filename, part.headers.get("Content-Type", "application/octet-stream"), data)
                elif part.name:
                    fields[part.name] = (await _read_field(part))[:200]
    except (ValueError, LookupError, HttpProcessingError):
        raise PageError(400, gettext(request, "Something in the request was not right.")) from None
    if too_large:
        fields["too_large"] = "yes"
    return fields, upload


async def _read_field(part: BodyPartReader) -> str:
    raw = bytearray()
    while chunk := await part.read_chunk(1024):
        raw += chunk
        if len(raw) > 4096:
            break
    return raw.decode("utf-8", errors="replace")


@page
async def upload(request: web.Request) -> web.Response:
    """Upload one document to the case, then show the case again."""
    case_id = _case_id(request.match_info["id"])
    fields, file = await _read_upload(request)
    if not request.cookies.get("lotsen_csrf") or fields.get("csrf") != csrf_token(request):
        raise Forbidden("CSRF")
    code = fields.get("code") or None
    if fields.get("too_large"):
        megabytes = request.app[WEB_CONFIG].max_file_bytes // (1024 * 1024)
        message = gettext(request, "The file is too large. A file may be at most %(mb)s MB.", mb=megabytes)
        return await render_case(request, case_id, code, errors={"file": message}, status=413)
    if file is None or not fields.get("kind"):
        return await render_case(
            request, case_id, code, errors={"file": gettext(request, "Choose a file and its kind.")}
        )
    form = aiohttp.FormData()
    form.add_field("kind", fields["kind"])
    form.add_field("file", file[2], filename=file[0], content_type=file[1])
    reply = await call(request, "validation", "POST", f"/v1/applications/{case_id}/documents", data=form,
                       headers={TRACKING: code} if code else {}, upload=True)  # fmt: skip
    if reply.status in (413, 415, 422):
        refusal = _upload_refusal(request, reply)
        return await render_case(request, case_id, code, errors={"file": refusal}, status=reply.status)
    expect(request, reply, 201)
    return await render_case(request, case_id, code, notice=gettext(request, "Thank you. The document is uploaded."))


def _upload_refusal(request: web.Request, reply: Reply) -> str:
    if reply.status == 413:
        return gettext(request, "The file is too large.")
    if reply.status == 415:
        return gettext(request, "That kind of file is not accepted. Use PDF, JPG, PNG, Word or text.")
    return gettext(request, "The file was not accepted.")  # the service's 422 text is for developers


@page
async def certificate(request: web.Request) -> web.StreamResponse:
    """Download the certificate (POST with the tracking code for anonymous applicants, GET when signed in)."""
    case_id = _case_id(request.match_info["id"])
    code = None
    if request.method == "POST":
        code = str((await check_csrf(request)).get("code", "")) or None
    reply = await call(request, "validation", "GET", f"/v1/applications/{case_id}/certificate",
                       params={"lang": _service_lang(request)}, headers={TRACKING: code} if code else {})  # fmt: skip
    expect(request, reply)
    return web.Response(body=reply.raw, content_type="application/pdf", headers={
        "Content-Disposition": reply.headers.get("Content-Disposition", 'attachment; filename="intyg.pdf"'),
        "Cache-Control": "private, no-store",
    })  # fmt: skip
