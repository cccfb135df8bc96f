"""Caseworker pages of the skills mapping: the list, recording with a person, correcting a mapping, turning a
result into a validation application or a placement proposal in one step, and the shortage occupations."""

from __future__ import annotations

import uuid
from typing import Any

from aiohttp import web

from services.gateway.skills import propose
from services.gateway.web import skills_form as sf
from services.gateway.web.client import call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.render import render, see_other
from services.gateway.web.session import check_csrf
from services.gateway.web.views.common import PageError, expect, page, require
from services.gateway.web.views.skills import (
    LABELS,
    composed,
    mapping_id_of,
    occupations,
    page_caller,
    render_form,
    render_result,
    service_lang,
    submit,
)
from shared.errors import DomainError

STAFF = ("caseworker", "auditor")


@page
async def queue(request: web.Request) -> web.Response:
    """Every mapping, newest first, a page at a time."""
    require(request, *STAFF)
    params = {"limit": "50", **({"pageToken": request.query["pageToken"]} if request.query.get("pageToken") else {})}
    body = expect(request, await call(request, "validation", "GET", "/v1/skills-mappings", params=params)).body
    return render(request, "skills/queue.html", {"mappings": body["data"], "next_token": body.get("pageToken")})


@page
async def new(request: web.Request) -> web.Response:
    """Record a mapping with a person sitting with the caseworker."""
    require(request, "caseworker")
    return await render_form(request, action="/work/skills", values=sf.form_values(None))


@page
async def create(request: web.Request) -> web.Response:
    """Record it; the result page shows the tracking code once, to hand to the person."""
    require(request, "caseworker")
    form = await check_csrf(request)
    made, refused = await submit(request, form, action="/work/skills")
    if refused is not None:
        return refused
    mapping = await composed(request, made["id"])
    return render_result(request, mapping, code=made.get("trackingCode", ""), staff=True)


@page
async def mapping_page(request: web.Request) -> web.Response:
    """A mapping's result with the caseworker's one-step actions."""
    require(request, *STAFF)
    return render_result(request, await composed(request, mapping_id_of(request)), staff=True)


@page
async def edit(request: web.Request) -> web.Response:
    """Change what a mapping records (e.g. give a free-text occupation its SSYK code)."""
    require(request, "caseworker")
    mapping_id = mapping_id_of(request)
    reply = expect(request, await call(request, "validation", "GET", f"/v1/skills-mappings/{mapping_id}"))
    return await render_form(request, action=f"/work/skills/{mapping_id}", values=sf.form_values(reply.body),
                             version=reply.body["version"])  # fmt: skip


@page
async def save(request: web.Request) -> web.Response:
    """Save the change under the version the caseworker read (someone else's change meanwhile is refused)."""
    require(request, "caseworker")
    mapping_id = mapping_id_of(request)
    form = await check_csrf(request)
    body = sf.to_mapping(form, negotiate(request).code)
    version = str(form.get("version", ""))
    reply = await call(request, "validation", "PUT", f"/v1/skills-mappings/{mapping_id}", json_body=body,
                       headers={"If-Match": f'"v{version}"'})  # fmt: skip
    if reply.status in (412, 422):
        errors = sf.form_errors(reply.field_errors())
        if reply.status == 412:
            errors["form"] = gettext(request, "Someone else changed the mapping meanwhile. Read it again and retry.")
        return await render_form(request, action=f"/work/skills/{mapping_id}", values=sf.form_values(body),
                                 errors=errors, version=version, status=reply.status)  # fmt: skip
    expect(request, reply)
    raise see_other(f"/work/skills/{mapping_id}")


def _refusal(request: web.Request, status: int, problem: Any) -> str:
    if not isinstance(problem, dict):
        return gettext(request, "Something went wrong.")
    errors = "; ".join(str(e.get("message", "")) for e in problem.get("errors") or [])
    if status == 409 and "seats" in str(problem.get("detail", "")):
        return gettext(request, "Every seat of this placement is taken.")
    return errors or str(problem.get("detail") or gettext(request, "Something went wrong."))


@page
async def make_application(request: web.Request) -> web.Response:
    """Make a validation application of the mapping for one occupation, then open the case."""
    require(request, "caseworker")
    mapping_id = mapping_id_of(request)
    form = await check_csrf(request)
    ssyk = str(form.get("ssyk", ""))
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())
    reply = await call(request, "validation", "POST", f"/v1/skills-mappings/{mapping_id}/applications",
                       json_body=sf.application_body(form, ssyk), headers={"Idempotency-Key": key})  # fmt: skip
    if reply.status == 201:
        raise see_other(f"/work/cases/{reply.body['id']}")
    if reply.status != 422:
        expect(request, reply, 201)
    mapping = await composed(request, mapping_id)
    notice = gettext(request, "The application was not made: %(why)s", why=_refusal(request, reply.status, reply.body))
    return render_result(request, mapping, staff=True, notice=notice, failed=ssyk)


@page
async def propose_placement(request: web.Request) -> web.Response:
    """Propose one of the result's open placements to the person: an agreement in state proposed."""
    require(request, "caseworker")
    mapping_id = mapping_id_of(request)
    form = await check_csrf(request)
    mapping = await composed(request, mapping_id)
    caller = page_caller(request)
    data = {"placementId": str(form.get("placementId", "")), "learnerId": str(form.get("learnerId", "")) or None}
    if not mapping.get("owner") and not data["learnerId"]:
        why = gettext(request, "the person has not signed in, so their SFI learner profile cannot be found.")
        return render_result(request, mapping, staff=True, notice=_not_proposed(request, why))
    try:
        status, agreement, _ = await propose(caller, mapping, data)
    except DomainError as exc:  # the placement's occupation is not in the result, or no learner to name
        status, agreement = exc.status, {"detail": exc.detail, "errors": [{"message": exc.detail}]}
    except LookupError:
        msg = gettext(request, "This service is not answering right now. Please try again in a moment.")
        raise PageError(503, msg) from None
    if status == 201:
        raise see_other(f"/placements/agreements/{agreement['id']}")
    pointers = {str(e.get("pointer")) for e in (agreement or {}).get("errors") or [] if isinstance(e, dict)}
    if "/learnerSubject" in pointers:
        why = gettext(request, "the person has no SFI learner profile yet.")
    else:
        why = _refusal(request, status, agreement)
    return render_result(request, mapping, staff=True, notice=_not_proposed(request, why))


def _not_proposed(request: web.Request, why: str) -> str:
    return gettext(request, "The placement was not proposed: %(why)s", why=why)


@page
async def shortage(request: web.Request) -> web.Response:
    """The municipality's shortage occupations, with the form to store a new version."""
    require(request, *STAFF)
    return await _render_shortage(request)


async def _render_shortage(request: web.Request, *, entries: list | None = None, errors: dict | None = None,
                           notice: str = "", status: int = 200) -> web.Response:  # fmt: skip
    reply = expect(request, await call(request, "validation", "GET", "/v1/shortage-occupations",
                                       params={"lang": service_lang(request)}))  # fmt: skip
    current = reply.body
    rows = entries if entries is not None else current["data"]
    choices = await occupations(request)
    known = {code for code, _ in choices}
    # An occupation outside the register (stored through the API with its own title) stays choosable.
    choices += [(r["ssyk"], f"{r.get('title') or r['ssyk']} ({r['ssyk']})") for r in rows if r["ssyk"] not in known]
    return render(request, "skills/shortage.html", {
        "current": current, "rows": [*rows, {}, {}], "errors": errors or {}, "notice": notice,
        "occupations": choices, "demand": sf.DEMAND, **LABELS,
    }, status=status, private=True)  # fmt: skip


@page
async def save_shortage(request: web.Request) -> web.Response:
    """Store the list as the next version (under the version the caseworker read)."""
    require(request, "caseworker")
    form = await check_csrf(request)
    entries = sf.to_entries(form)
    municipality = str(form.get("municipality", ""))
    reply = await call(request, "validation", "PUT", f"/v1/shortage-occupations/{municipality}",
                       json_body={"note": str(form.get("note", "")), "entries": entries},
                       headers={"If-Match": f'"v{form.get("version", "")}"'})  # fmt: skip
    if reply.ok:
        return await _render_shortage(
            request, notice=gettext(request, "Saved as version %(n)s.", n=reply.body["version"])
        )
    if reply.status not in (412, 422):
        expect(request, reply)
    errors = sf.form_errors(reply.field_errors())
    if reply.status == 412:
        errors["form"] = gettext(request, "Someone else changed the list meanwhile. Here it is as it is now.")
        return await _render_shortage(request, errors=errors, status=412)
    return await _render_shortage(request, entries=entries, errors=errors, status=422)
