"""SFI administrators place applications made without e-ID: the waiting list, the identity check, the group."""

from __future__ import annotations

import re
import uuid
from typing import Any

from aiohttp import web

from services.gateway.web.client import call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.render import render
from services.gateway.web.session import check_csrf
from services.gateway.web.views.common import PageError, expect, page, require

BASE = "/v1/enrolment-applications"
ROLE = "sfi_admin"
DOCUMENTS = ("passport", "national_id", "residence_permit", "swedish_id", "other")
_REFERENCE = re.compile(r"[A-Z0-9-]{3,40}")


def _reference(request: web.Request) -> str:
    ref = request.match_info["reference"].upper()
    if not _REFERENCE.fullmatch(ref):
        raise PageError(404, gettext(request, "We could not find that page."))
    return ref


@page
async def waiting(request: web.Request) -> web.Response:
    """The applications waiting for an identity check, oldest first."""
    require(request, ROLE)
    listed = expect(request, await call(request, "sfi", "GET", BASE, params={"limit": "100"})).body
    return render(request, "admin/applications.html", {"applications": listed["data"]}, private=True)


async def _groups(request: web.Request, a: dict[str, Any]) -> dict[str, Any]:
    """The published groups of the wished course that fit the application's constraints, and near misses."""
    if not a.get("course"):
        return {"data": [], "nearMisses": []}
    constraints = {**a["constraints"], "path": a.get("path"), "preferredLanguage": a.get("preferredLanguage")}
    body = {"course": a["course"], "constraints": constraints, "language": negotiate(request).code}
    reply = await call(request, "sfi", "POST", "/v1/matches", params={"limit": "20"}, json_body=body)
    return reply.body if reply.ok else {"data": [], "nearMisses": []}


async def _show(request: web.Request, ref: str, *, errors: dict | None = None, reasons: list | None = None,
                form: Any = None, status: int = 200) -> web.Response:  # fmt: skip
    a = expect(request, await call(request, "sfi", "GET", f"{BASE}/{ref}")).body
    return render(request, "admin/application.html", {
        "a": a, "groups": await _groups(request, a) if a["state"] == "waiting" else None, "documents": DOCUMENTS,
        "errors": errors or {}, "reasons": reasons or [], "form": form or {}, "idempotency": str(uuid.uuid4()),
    }, status=status, private=True)  # fmt: skip


def placement_body(form: Any) -> dict[str, Any]:
    """The placing form → the service's placement request."""

    def text(name: str) -> str | None:
        return str(form.get(name, "")).strip() or None

    path = text("path")
    return {
        "groupId": text("groupId"), "identityCheck": {"document": text("document"), "personalNumber": text("number")},
        "path": int(path) if path in ("1", "2", "3") else None, "residence": text("residence"),
        "birthDate": text("birthDate"), "placementCourse": text("placementCourse"),
    }  # fmt: skip


@page
async def application(request: web.Request) -> web.Response:
    """One application (GET); record the identity check and place it (POST)."""
    require(request, ROLE)
    ref = _reference(request)
    if request.method != "POST":
        return await _show(request, ref)
    form = await check_csrf(request)
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())
    reply = await call(request, "sfi", "POST", f"{BASE}/{ref}/placement", json_body=placement_body(form),
                       headers={"Idempotency-Key": key})  # fmt: skip
    if reply.status in (409, 422):  # refused by an enrolment rule: the reasons, in the page's language
        reasons = [r.get("text", "") for r in (reply.body or {}).get("reasons") or []] or [reply.detail]
        errors = {p.strip("/").split("/")[-1]: m for p, m in reply.field_errors().items()}
        return await _show(request, ref, errors=errors, reasons=reasons, form=form, status=reply.status)
    expect(request, reply, 201)
    return await _show(request, ref)
