"""Applying for SFI without e-ID (issue 18): the form, the receipt with the code, following it with the code."""

from __future__ import annotations

import re
import uuid
from typing import Any

from aiohttp import web

from services.gateway.web.client import call
from services.gateway.web.i18n import gettext, negotiate
from services.gateway.web.render import render
from services.gateway.web.session import check_csrf
from services.gateway.web.views.apply import LANGS
from services.gateway.web.views.common import PageError, expect, page
from services.gateway.web.views.public import day_names

BASE = "/v1/enrolment-applications"
TRACKING = "X-Tracking-Code"
REFERENCE = re.compile(r"[A-Za-z0-9-]{3,40}")
DAYPARTS = ("morning", "afternoon", "evening")
RESIDENCE = ("resident", "eu_eea_right_of_residence", "asylum_seeker", "no_right_of_residence")


def _text(form: Any, name: str) -> str | None:
    return str(form.get(name, "")).strip() or None


def application_body(form: Any) -> dict[str, Any]:
    """The form → an application (the service checks every field and names the bad ones)."""
    days = [int(d) for d in form.getall("workday", []) if str(d).isdigit() and 1 <= int(d) <= 7]
    start, end = _text(form, "workStart") or "", _text(form, "workEnd") or ""
    busy = [{"weekdays": days, "start": start[:5], "end": end[:5], "kind": "work"}] if days and start and end else []
    path = _text(form, "path")
    return {
        "course": _text(form, "course"), "path": int(path) if path in ("1", "2", "3") else None,
        "name": _text(form, "name") or "", "preferredLanguage": _text(form, "preferredLanguage") or "sv",
        "contact": {"email": _text(form, "email"), "phone": _text(form, "phone")},
        "birthDate": _text(form, "birthDate"), "residence": _text(form, "residence"),
        "constraints": {
            "busyWindows": busy, "parentalLeaveWithChild": form.get("child") == "yes",
            "preferredDayparts": [d for d in form.getall("daypart", []) if d in DAYPARTS],
            "homeDistrict": _text(form, "district"), "distanceStudyOk": form.get("distance") == "yes",
        },
    }  # fmt: skip


def _errors(request: web.Request, pointers: dict[str, str]) -> dict[str, str]:
    """A 422's pointers → the form's field names, messages in the page's language where the catalogue has them."""
    out: dict[str, str] = {}
    for pointer, message in pointers.items():
        parts = pointer.strip("/").split("/")
        name = parts[-1] if parts[0] in ("contact", "constraints") and len(parts) == 2 else parts[0]
        if parts[:2] == ["constraints", "busyWindows"]:
            name = "workEnd"
        out.setdefault(name, gettext(request, message))
    return out


def _form(request: web.Request, form: Any = None, errors: dict[str, str] | None = None) -> web.Response:
    return render(request, "sfi/apply.html", {
        "form": form or {"preferredLanguage": negotiate(request).code}, "errors": errors or {},
        "workdays": form.getall("workday", []) if form else [], "dayparts": form.getall("daypart", []) if form else [],
        "days": day_names(request), "langs": LANGS, "residences": RESIDENCE, "idempotency": str(uuid.uuid4()),
    }, private=True)  # fmt: skip


@page
async def apply(request: web.Request) -> web.Response:
    """The form (GET); the receipt with reference and tracking code, or the form with its errors (POST)."""
    if request.method != "POST":
        return _form(request)
    form = await check_csrf(request)
    key = str(form.get("idempotency", "")) or str(uuid.uuid4())  # a double click sends one key: one application
    reply = await call(request, "sfi", "POST", BASE, json_body=application_body(form), headers={"Idempotency-Key": key})
    if reply.status == 422:
        return _form(request, form, _errors(request, reply.field_errors()))
    receipt = expect(request, reply, 201).body
    return render(request, "sfi/apply_receipt.html", {"receipt": receipt}, private=True)


@page
async def follow(request: web.Request) -> web.Response:
    """Ask for the reference and the code (posted, never in a URL); show the application's state."""
    if request.method != "POST":
        return render(request, "sfi/apply_follow.html", {"error": ""}, private=True)
    form = await check_csrf(request)
    reference, code = _text(form, "reference") or "", _text(form, "code") or ""
    if not REFERENCE.fullmatch(reference):
        reference = "-"  # asked for all the same, so a malformed reference is answered like an unknown one
    reply = await call(request, "sfi", "GET", f"{BASE}/{reference}", headers={TRACKING: code or "-"})
    if reply.status == 404:
        error = gettext(request, "We found no application with that reference and tracking code.")
        return render(request, "sfi/apply_follow.html", {"error": error}, status=404, private=True)
    if reply.status == 401:
        raise PageError(404, gettext(request, "We found no application with that reference and tracking code."))
    return render(request, "sfi/apply_status.html", {"a": expect(request, reply).body}, private=True)
