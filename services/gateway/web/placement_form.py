"""The placement pages' pure parts: forms ⇄ the service's JSON, labels of its codes, the target's progress."""

from __future__ import annotations

from typing import Any

from services.gateway.web.labels import N_

EMPLOYER_KINDS = {"municipal": N_("Municipal unit"), "private": N_("Private employer")}
KINDS = {
    "yrkespraktik": N_("Vocational placement (yrkespraktik)"),
    "sprakpraktik": N_("Language placement (språkpraktik)"),
}
SECTORS = {
    "elderly_care": N_("Elderly care"), "home_care": N_("Home care"), "disability_care": N_("Disability care"),
    "health_care": N_("Health care"), "preschool": N_("Preschool"), "school": N_("School"),
    "school_age_care": N_("School-age care"), "kitchen": N_("Kitchen"), "cleaning": N_("Cleaning"),
    "property": N_("Property care"), "retail": N_("Retail"), "hospitality": N_("Hotel and restaurant"),
    "industry": N_("Industry"), "transport": N_("Transport"), "office": N_("Office"), "other": N_("Other"),
}  # fmt: skip
STATES = {
    "proposed": N_("Proposed"), "agreed": N_("Agreed"), "ongoing": N_("Ongoing"), "completed": N_("Completed"),
    "ended_early": N_("Ended early"),
}  # fmt: skip
# The next steps each state offers, as (target state, button text).
STEPS = {
    "proposed": [("agreed", N_("Agree the placement"))],
    "agreed": [("ongoing", N_("The placement has started"))],
    "ongoing": [("completed", N_("The placement is completed"))],
}
WORKPLACE_FIELDS = {
    "/name": "name", "/employerKind": "employerKind", "/sector": "sector", "/organisation": "organisation",
    "/street": "street", "/postalCode": "postalCode", "/city": "city", "/district": "district",
    "/contact/name": "contactName", "/contact/email": "contactEmail", "/contact/phone": "contactPhone",
    "/contact/subject": "contactSubject", "/needsRegisterkontroll": "needsRegisterkontroll",
}  # fmt: skip
OFFER_FIELDS = {
    "/workplaceId": "workplaceId", "/title": "title", "/occupation": "occupation", "/kind": "kind",
    "/startDate": "startDate", "/endDate": "endDate", "/seats": "seats", "/sfiLevel": "sfiLevel",
    "/mentor/name": "mentorName", "/mentor/email": "mentorEmail", "/description": "description",
    "/hours": "weekdays", "/hours/0/weekdays": "weekdays", "/hours/0/start": "start", "/hours/0/end": "end",
}  # fmt: skip


def _text(form: Any, name: str) -> str | None:
    value = str(form.get(name, "")).strip()
    return value or None


def _number(raw: str | None) -> Any:
    """A whole number if it is one, else the text itself (the service then names the field)."""
    return int(raw) if raw and raw.isdigit() else raw


def read_workplace(form: Any) -> dict[str, Any]:
    """The workplace form → the service's workplace body."""
    contact = {"name": _text(form, "contactName") or "", "email": _text(form, "contactEmail"),
               "phone": _text(form, "contactPhone"), "subject": _text(form, "contactSubject")}  # fmt: skip
    return {
        "name": _text(form, "name") or "", "employerKind": _text(form, "employerKind") or "",
        "sector": _text(form, "sector") or "", "organisation": _text(form, "organisation") or "",
        "street": _text(form, "street"), "postalCode": _text(form, "postalCode"), "city": _text(form, "city"),
        "district": _text(form, "district"), "contact": contact,
        "needsRegisterkontroll": form.get("needsRegisterkontroll") == "yes",
    }  # fmt: skip


def read_offer(form: Any) -> dict[str, Any]:
    """The offer form (one weekly pattern: days, times, every/odd/even week) → the service's placement body."""
    days = sorted({int(d) for d in form.getall("weekdays", []) if str(d).isdigit() and 1 <= int(d) <= 7})
    hours = [{"weekdays": days, "start": (_text(form, "start") or "")[:5], "end": (_text(form, "end") or "")[:5],
              "weeks": _text(form, "weeks") or "every"}] if days else []  # fmt: skip
    languages = [p.strip().lower() for p in str(form.get("languages", "")).replace(";", ",").split(",") if p.strip()]
    return {
        "workplaceId": _text(form, "workplaceId") or "", "title": _text(form, "title") or "",
        "occupation": _text(form, "occupation") or "", "kind": _text(form, "kind") or "", "hours": hours,
        "startDate": _text(form, "startDate") or "", "endDate": _text(form, "endDate") or "",
        "seats": _number(_text(form, "seats")), "sfiLevel": _text(form, "sfiLevel"),
        "mentor": {"name": _text(form, "mentorName") or "", "email": _text(form, "mentorEmail")},
        "languages": languages, "description": _text(form, "description") or "",
    }  # fmt: skip


def form_errors(errors: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
    """A 422's ``{pointer: message}`` → ``{form field: message}`` (unknown pointers kept under ``""``)."""
    out: dict[str, str] = {}
    for pointer, message in errors.items():
        at = pointer
        while at and at not in fields:  # /hours/0/cycleWeeks → /hours/0 → /hours
            at = at.rsplit("/", 1)[0]
        out.setdefault(fields.get(at, ""), message)
    return out


def read_step(form: Any) -> dict[str, Any]:
    """A step form on an agreement → the transition body (only what was filled in)."""
    body: dict[str, Any] = {"to": _text(form, "to") or ""}
    for name in ("on", "reason", "registerkontrollShownOn"):
        if _text(form, name):
            body[name] = _text(form, name)
    hours = _text(form, "hoursDone")
    if hours:
        try:
            body["hoursDone"] = float(hours.replace(",", "."))
        except ValueError:
            body["hoursDone"] = hours
    return body


def progress(row: dict[str, Any]) -> dict[str, Any]:
    """A figure row as the page draws it: percent of the target, and whether it keeps pace with the year."""
    target, started, expected = row.get("target"), row.get("started", 0), row.get("expectedByNow")
    return {
        **row, "percent": round(100 * started / target) if target else None,
        "behind": bool(target) and expected is not None and started < expected,
    }  # fmt: skip
