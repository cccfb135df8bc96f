"""The skills mapping for the person: record education, work, languages and wishes; see the occupations in
demand that fit, each with its way there and its open placements; come back with the reference and code.

The result page is the same composition as ``GET /api/skills/v1/mappings/{id}`` (``services.gateway.skills``),
called as the visitor: placements for people signed in, the tracking code only in POST bodies.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from services.gateway.skills import Caller, add_placements, mapping_path
from services.gateway.web import skills_form as sf
from services.gateway.web.client import ServiceDown, call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.labels import ID_DOCUMENTS
from services.gateway.web.placement_form import KINDS
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf, page_identity
from services.gateway.web.views.apply import LANGS
from services.gateway.web.views.common import PageError, expect, page
from shared.i18n import language_name

TRACKING = "X-Tracking-Code"
LABELS = {"kinds": KINDS, "levels": sf.LEVELS, "fields": sf.FIELDS, "speaks": sf.SPEAKS, "extents": sf.EXTENTS,
          "licences": sf.LICENCES, "langs": LANGS, "id_documents": ID_DOCUMENTS}  # fmt: skip


def service_lang(request: web.Request) -> str:
    """The validation service writes Swedish and English; Arabic readers get English texts from it."""
    return "sv" if negotiate(request).code == "sv" else "en"


def page_caller(request: web.Request, code: str | None = None) -> Caller:
    """Service calls as the page's visitor (with the tracking code, if any); sfi not answering is a missing part."""

    async def caller(service: str, method: str, path: str, body: Any) -> tuple[int, Any, bytes]:
        bare, _, query = path.partition("?")
        try:
            reply = await call(request, service, method, bare, params=parse_qsl(query) or None, json_body=body,
                               headers={TRACKING: code} if code else None)  # fmt: skip
        except ServiceDown:
            if service == "sfi":
                raise LookupError(service) from None  # the page shows the mapping without placements
            raise
        return reply.status, reply.body, reply.raw

    return caller


async def occupations(request: web.Request) -> list[tuple[str, str]]:
    """The occupation register as choices: ``(ssyk, "title (ssyk)")`` in the page's language."""
    data = expect(request, await call(request, "validation", "GET", "/v1/occupations")).body["data"]
    title = "titleSv" if negotiate(request).code == "sv" else "titleEn"
    return [(o["ssyk"], f"{o[title]} ({o['ssyk']})") for o in data]


async def composed(request: web.Request, mapping_id: str, code: str | None = None) -> dict[str, Any]:
    """The mapping and its result with each occupation's open placements (404 page when it is not the visitor's)."""
    caller = page_caller(request, code)
    status, body, _ = await caller("validation", "GET", mapping_path(mapping_id, service_lang(request)), None)
    if status == 404:
        raise PageError(404, gettext(request, "We found no skills mapping with that reference and tracking code."))
    if status != 200:
        raise PageError(status if status >= 400 else 502, gettext(request, "Something went wrong."))
    return await add_placements(body, caller, signed_in=not page_identity(request).anonymous)


async def render_form(request: web.Request, *, action: str, values: dict[str, Any], errors: dict | None = None,
                      status: int = 200, **extra: Any) -> web.Response:  # fmt: skip
    """The mapping form (new, or a recorded one to change: ``version`` is the one it was read at)."""
    return render(request, "skills/form.html", {
        "action": action, "v": values, "errors": errors or {}, "occupations": await occupations(request),
        "idempotency": str(uuid.uuid4()), "staff": action.startswith("/work"), **LABELS, **extra,
    }, status=status, private=True)  # fmt: skip


def render_result(request: web.Request, mapping: dict[str, Any], *, code: str = "", staff: bool = False,
                  notice: str = "", **extra: Any) -> web.Response:  # fmt: skip
    """The ranked occupations with reasons, the way there and open placements (``staff``: with the actions)."""
    lang = negotiate(request).code  # the person's languages by name in the page's language, never as codes
    spoken = [{**e, "name": language_name(str(e.get("code")), lang)} for e in mapping.get("languages") or []]
    return render(request, "skills/result.html", {
        "m": {**mapping, "languages": spoken}, "code": code, "staff": staff, "notice": notice,
        "idempotency": str(uuid.uuid4()), **LABELS, **extra,
    }, private=True)  # fmt: skip


async def submit(request: web.Request, form: Any, *, action: str) -> tuple[Any, web.Response | None]:
    """POST the form's mapping; a 422 re-renders the form with the fields named (then the answer is None)."""
    body = sf.to_mapping(form, negotiate(request).code)
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())
    reply = await call(request, "validation", "POST", "/v1/skills-mappings", json_body=body,
                       params={"lang": service_lang(request)}, headers={"Idempotency-Key": key})  # fmt: skip
    if reply.status == 422:
        errors = sf.form_errors(reply.field_errors())
        return None, await render_form(request, action=action, values=sf.form_values(body), errors=errors, status=422)
    return expect(request, reply, 201).body, None


@page
async def start(request: web.Request) -> web.Response:
    """What the mapping is, the form, and (signed in) the person's earlier mappings."""
    identity = page_identity(request)
    mine = []
    if not identity.anonymous and identity.has_role("resident"):
        reply = await call(request, "validation", "GET", "/v1/skills-mappings")
        mine = reply.body["data"] if reply.ok else []
    return await render_form(request, action="/skills", values=sf.form_values(None), mine=mine)


@page
async def create(request: web.Request) -> web.Response:
    """Record the mapping; signed in, go to its page; without sign-in, show it with the tracking code once."""
    form = await check_csrf(request)
    made, refused = await submit(request, form, action="/skills")
    if refused is not None:
        return refused
    if not page_identity(request).anonymous:
        raise see_other(f"/skills/{made['id']}")
    mapping = await add_placements(made, page_caller(request), signed_in=False)
    return render_result(request, mapping, code=made.get("trackingCode", ""))


@page
async def mine(request: web.Request) -> web.Response:
    """A signed-in person's own mapping."""
    identity = page_identity(request)
    mapping_id = mapping_id_of(request)
    if identity.anonymous:
        raise see_other("/skills/follow")
    return render_result(request, await composed(request, mapping_id))


@page
async def follow_form(request: web.Request) -> web.Response:
    """Ask for the reference and the tracking code (posted, never in a URL)."""
    return render(request, "skills/follow.html", {}, private=True)


@page
async def follow(request: web.Request) -> web.Response:
    """Show the mapping to whoever holds its reference and tracking code."""
    form = await check_csrf(request)
    code, reference = str(form.get("code", "")).strip(), str(form.get("reference", "")).strip()
    reply = None
    if code and reference:
        reply = await call(request, "validation", "POST", "/v1/skills-mappings/lookup",
                           json_body={"reference": reference}, params={"lang": service_lang(request)},
                           headers={TRACKING: code})  # fmt: skip
    if reply is None or reply.status in (404, 422):
        msg = gettext(request, "We found no skills mapping with that reference and tracking code.")
        return render(request, "skills/follow.html", {"error": msg, "reference": reference}, status=404, private=True)
    mapping = await add_placements(expect(request, reply).body, page_caller(request, code),
                                   signed_in=not page_identity(request).anonymous)  # fmt: skip
    return render_result(request, mapping, code=code)


def mapping_id_of(request: web.Request) -> str:
    """The mapping id in the path; anything that is not one is a 404 page."""
    try:
        return str(uuid.UUID(request.match_info["id"]))
    except ValueError:
        raise PageError(404, gettext(request, "We could not find that page.")) from None
