"""The guided validation application: form fields per step ⇄ the application JSON (pure, no I/O).

The draft travels between steps in a hidden form field (base64 JSON), so the steps work without
JavaScript and without server-side storage; the validation service checks everything on submit, and
its 422 pointers lead the applicant back to the step and field concerned.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from services.gateway.web.labels import N_

STEPS = ("role", "identity", "education", "experience", "swedish", "review")
STEP_TITLES = {
    "role": N_("Role"),
    "identity": N_("About you"),
    "education": N_("Education"),
    "experience": N_("Work experience"),
    "swedish": N_("Swedish"),
    "review": N_("Check and send"),
}
REQUIRED = N_("Fill in this field.")
EDU_FIELDS = (
    "country",
    "institution",
    "programme",
    "field",
    "startYear",
    "endYear",
    "hours",
    "language",
    "courseCodes",
)
EXP_FIELDS = ("employer", "role", "from", "to", "extentPercent")
MAX_ROWS = 10
_POINTER_STEP = {"targetRole": "role", "claims": "role", "education": "education", "experience": "experience",
                 "swedishLevel": "swedish"}  # fmt: skip


def decode_draft(raw: str | None) -> dict[str, Any]:
    """The draft carried in the hidden field (an empty draft when missing or damaged)."""
    if not raw:
        return {}
    try:
        value = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (ValueError, binascii.Error):
        return {}
    return value if isinstance(value, dict) else {}


def encode_draft(draft: Mapping[str, Any]) -> str:
    """The draft as a hidden-field value."""
    return base64.urlsafe_b64encode(json.dumps(draft, ensure_ascii=False).encode()).decode()


def _s(form: Mapping[str, Any], key: str) -> str:
    return str(form.get(key, "")).strip()


def _rows(form: Mapping[str, Any], prefix: str, names: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for i in range(MAX_ROWS):
        row = {n: _s(form, f"{prefix}-{i}-{n}") for n in names}
        if f"{prefix}-{i}-{names[0]}" not in form:
            break
        if any(row.values()):
            rows.append(row)
    return rows


def read_step(step: str, form: Mapping[str, Any]) -> dict[str, Any]:
    """The fields one step posted, as a part of the draft."""
    if step == "role":
        return {"targetRole": _s(form, "targetRole"), "permanentPost": _s(form, "permanentPost") == "yes"}
    if step == "identity":
        return {
            "given": _s(form, "given"), "family": _s(form, "family"), "idKind": _s(form, "idKind") or "number",
            "number": _s(form, "number"), "documentType": _s(form, "documentType"),
            "idCountry": _s(form, "idCountry").upper(), "protectedIdentity": _s(form, "protectedIdentity") == "yes",
            "email": _s(form, "email"), "phone": _s(form, "phone"), "preferredLanguage": _s(form, "preferredLanguage"),
        }  # fmt: skip
    if step == "education":
        return {"education": _rows(form, "edu", EDU_FIELDS)}
    if step == "experience":
        return {"experience": _rows(form, "exp", EXP_FIELDS)}
    if step == "swedish":
        return {"swedishKind": _s(form, "swedishKind"), "swedishCourse": _s(form, "swedishCourse")}
    return {}


def missing(step: str, draft: Mapping[str, Any]) -> dict[str, str]:
    """Required fields left empty in ``step`` as ``{pointer: message}`` (the service checks the rest)."""
    need: dict[str, str] = {}
    if step == "role" and not draft.get("targetRole"):
        need["/targetRole"] = REQUIRED
    if step == "identity":
        for key in ("given", "family"):
            if not draft.get(key):
                need[f"/name/{key}"] = REQUIRED
        if draft.get("idKind") == "number" and not draft.get("number"):
            need["/identity/number"] = REQUIRED
        if draft.get("idKind") == "none" and not draft.get("documentType"):
            need["/noSwedishNumber/documentType"] = REQUIRED
        if not draft.get("email") and not draft.get("phone"):
            need["/contact/email"] = N_("Give an email address or a phone number.")
    if step == "swedish" and not draft.get("swedishKind"):
        need["/swedishLevel/kind"] = REQUIRED
    return need


def step_of_pointer(pointer: str) -> str:
    """Which step holds the field a 422 pointer names."""
    head = pointer.strip("/").split("/")[0]
    return _POINTER_STEP.get(head, "identity")


def _int(value: str) -> int | str | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value  # the service names the field in its 422


def _education(row: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"country": row["country"].upper(), "institution": row["institution"],
                           "programme": row["programme"], "field": row["field"] or "other",
                           "startYear": _int(row["startYear"]), "language": row["language"].lower()}  # fmt: skip
    for key in ("endYear", "hours"):
        if row.get(key):
            out[key] = _int(row[key])
    codes = [c for c in row.get("courseCodes", "").replace(",", " ").split() if c]
    if codes:
        out["courseCodes"] = codes
    return out


def _experience(row: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"employer": row["employer"], "role": row["role"], "from": row["from"] or None,
                           "extentPercent": _int(row["extentPercent"])}  # fmt: skip
    if row.get("to"):
        out["to"] = row["to"]
    return out


def to_application(draft: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The application JSON the validation service takes."""
    body: dict[str, Any] = {
        "name": {"given": draft.get("given", ""), "family": draft.get("family", "")},
        "contact": {k: draft[k] for k in ("email", "phone") if draft.get(k)},
        "preferredLanguage": draft.get("preferredLanguage") or language,
        "protectedIdentity": bool(draft.get("protectedIdentity")),
        "targetRole": draft.get("targetRole", ""),
        "claims": {"permanentPostOn20230701": bool(draft.get("permanentPost"))},
        "education": [_education(r) for r in draft.get("education", [])],
        "experience": [_experience(r) for r in draft.get("experience", [])],
        "swedishLevel": {"kind": draft.get("swedishKind") or "none"},
    }
    if draft.get("swedishCourse") and draft.get("swedishKind") in ("sfi", "sva"):
        body["swedishLevel"]["course"] = draft["swedishCourse"]
    if draft.get("idKind") == "none":
        body["noSwedishNumber"] = {"documentType": draft.get("documentType") or "other"}
        if draft.get("idCountry"):
            body["noSwedishNumber"]["country"] = draft["idCountry"]
    else:
        body["identity"] = {"number": draft.get("number", "")}
    return body


_FIELD_OF_POINTER = {
    "/targetRole": "targetRole", "/name/given": "given", "/name/family": "family", "/name": "given",
    "/identity/number": "number", "/identity": "number", "/noSwedishNumber/documentType": "documentType",
    "/noSwedishNumber/country": "idCountry", "/noSwedishNumber": "documentType", "/contact/email": "email",
    "/contact/phone": "phone", "/contact": "email", "/preferredLanguage": "preferredLanguage",
    "/swedishLevel/kind": "swedishKind", "/swedishLevel/course": "swedishCourse", "/swedishLevel": "swedishKind",
}  # fmt: skip
_ROW = {"education": "edu", "experience": "exp"}


def form_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """Errors keyed by the form field they belong to (``/education/0/country`` → ``edu-0-country``)."""
    out: dict[str, str] = {}
    for pointer, message in errors.items():
        parts = pointer.strip("/").split("/")
        if parts[0] in _ROW and len(parts) >= 3 and parts[1].isdigit():
            out.setdefault(f"{_ROW[parts[0]]}-{parts[1]}-{parts[2]}", message)
        else:
            out.setdefault(_FIELD_OF_POINTER.get(pointer, parts[0] or "targetRole"), message)
    return out
