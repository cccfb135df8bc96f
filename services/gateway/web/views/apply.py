"""The guided validation application (steps → submit → receipt with upload)."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from services.gateway.web import application_form as af
from services.gateway.web.client import call
from services.gateway.web.config import WEB_CONFIG
from services.gateway.web.i18n import LANGUAGES, gettext, negotiate
from services.gateway.web.labels import DOCUMENT_KINDS, ID_DOCUMENTS
from services.gateway.web.render import render
from services.gateway.web.session import check_csrf, page_identity
from services.gateway.web.views.common import expect, page
from shared.clock import clock_of

LANGS = tuple((language.code, language.name) for language in LANGUAGES)  # each in its own language


async def _roles(request: web.Request) -> list[dict[str, Any]]:
    spoken = {"Accept-Language": negotiate(request).code}  # each role's ``title`` in the page's language
    return expect(request, await call(request, "validation", "GET", "/v1/roles", headers=spoken)).body["data"]


async def _render_step(request: web.Request, step: str, draft: dict, errors: dict | None = None,
                       extra_rows: str = "") -> web.Response:  # fmt: skip
    context = {
        "step": step,
        "steps": af.STEPS,
        "titles": af.STEP_TITLES,
        "draft": draft,
        "encoded": af.encode_draft(draft),
        "errors": af.form_errors({p: gettext(request, m) for p, m in (errors or {}).items()}),
        "id_documents": ID_DOCUMENTS,
        "langs": LANGS,
        "edu_rows": (draft.get("education") or [{}]) + ([{}] if extra_rows == "education" else []),
        "exp_rows": (draft.get("experience") or [{}]) + ([{}] if extra_rows == "experience" else []),
    }
    if step in ("role", "review"):
        context["roles"] = await _roles(request)
    if step == "review":
        context["idempotency"] = str(uuid.uuid4())  # a double click sends the same key: one application
    return render(request, "apply/step.html", context, private=True)


@page
async def start(request: web.Request) -> web.Response:
    """The first step: which role to be validated against."""
    return await _render_step(request, "role", {})


@page
async def step(request: web.Request) -> web.Response:
    """Take one step's fields; go on, go back, add a row, or submit the whole application."""
    form = await check_csrf(request)
    current = str(form.get("step", "role"))
    if current not in af.STEPS:
        current = "role"
    action = str(form.get("action", "next"))
    removed = af.removed_row(action, current)
    draft = {**af.decode_draft(str(form.get("draft", ""))), **af.read_step(current, form, removed)}
    index = af.STEPS.index(current)
    if action == "back":
        return await _render_step(request, af.STEPS[max(index - 1, 0)], draft)
    if removed is not None:
        return await _render_step(request, current, draft)
    if action in ("add-education", "add-experience"):
        return await _render_step(request, current, draft, extra_rows=action.removeprefix("add-"))
    errors = af.missing(current, draft, clock_of(request).today())
    if errors:
        return await _render_step(request, current, draft, errors)
    if current != "review":
        return await _render_step(request, af.STEPS[index + 1], draft)
    return await _submit(request, draft, str(form.get("idempotency", "")))


async def _submit(request: web.Request, draft: dict, key: str) -> web.Response:
    body = af.to_application(draft, negotiate(request).code)
    headers = {"Idempotency-Key": key} if key else {}
    reply = await call(request, "validation", "POST", "/v1/applications", json_body=body, headers=headers)
    if reply.status == 422:
        errors = af.service_errors(reply.field_errors())
        first = min((af.step_of_pointer(p) for p in errors), key=af.STEPS.index, default="identity")
        return await _render_step(request, first, draft, errors)
    case = expect(request, reply, 201).body
    return render(request, "apply/receipt.html", {
        "case": case, "code": case.get("trackingCode"), "signed_in": not page_identity(request).anonymous,
        "kinds_map": DOCUMENT_KINDS, "errors": {}, "max_mb": request.app[WEB_CONFIG].max_file_bytes // 1024**2,
    }, private=True)  # fmt: skip
