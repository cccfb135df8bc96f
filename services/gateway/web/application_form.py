"""The guided validation application: form fields per step ⇄ the application JSON (pure, no I/O).

The draft travels between steps in a hidden form field (base64 JSON), so the steps work without
JavaScript and without server-side storage; the validation service checks everything on submit, and
its 422 pointers lead the applicant back to the step and field concerned.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from services.gateway.web.labels import N_
from shared.personnummer import FUTURE_DATE, WRONG_CHECK_DIGIT, InvalidIdentityNumber, parse_identity_number

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
# Fields with a preset value: a row holding only these is an empty row ("leave it empty if you have none").
PRESET = {"field"}
TOO_LONG = N_("Write at most 200 characters.")
COUNTRY = N_("Write the country as two letters, for example SY for Syria or SE for Sweden.")
LANGUAGE = N_("Write the language as two or three letters, for example ar, en or sv.")
YEAR = N_("Write a year with four digits, for example 2014.")
END_YEAR = N_("The year finished cannot be before the year started.")
HOURS = N_("Write the hours as a whole number, at most 20000.")
COURSE_CODES = N_("Course codes are 4 to 12 letters and digits, separated by spaces.")
DATE = N_("Write the date as year-month-day, for example 2019-03-01.")
DATE_ORDER = N_("The end date cannot be before the start date.")
PERCENT = N_("Write a number from 1 to 100.")
EMAIL = N_("Write an email address such as name@example.org.")
PHONE = N_("Write a phone number with digits only, for example 070-123 45 67.")
COURSE = N_("Choose the highest course you have passed.")
NOT_ACCEPTED = N_("This answer was not accepted. Check it and try again.")
NUMBER_MESSAGES = {
    WRONG_CHECK_DIGIT: N_("The number's last digit (the check digit) does not match. Check the number."),
    FUTURE_DATE: N_("The birth date in the number is in the future. Check the number."),
}
NUMBER = N_("Write 12 digits (or 10), for example 19811218-9876.")
_SFI, _SVA = ("A", "B", "C", "D"), ("grund", "1", "2", "3")
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


def _rows(form: Mapping[str, Any], prefix: str, names: tuple[str, ...], drop: int | None) -> list[dict[str, str]]:
    """The rows posted, without empty ones (only preset fields filled) and without the one removed."""
    rows = []
    for i in range(MAX_ROWS):
        row = {n: _s(form, f"{prefix}-{i}-{n}") for n in names}
        if f"{prefix}-{i}-{names[0]}" not in form:
            break
        if i != drop and any(v for n, v in row.items() if n not in PRESET):
            rows.append(row)
    return rows


def removed_row(action: str, step: str) -> int | None:
    """The row index a ``remove-education-2`` action names on its own step, else None."""
    match = re.fullmatch(r"remove-(education|experience)-(\d{1,2})", action)
    return int(match.group(2)) if match and match.group(1) == step else None


def read_step(step: str, form: Mapping[str, Any], drop: int | None = None) -> dict[str, Any]:
    """The fields one step posted, as a part of the draft (``drop``: a row the person removed)."""
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
        return {"education": _rows(form, "edu", EDU_FIELDS, drop)}
    if step == "experience":
        return {"experience": _rows(form, "exp", EXP_FIELDS, drop)}
    if step == "swedish":
        return {"swedishKind": _s(form, "swedishKind"), "swedishCourse": _s(form, "swedishCourse")}
    return {}


def missing(step: str, draft: Mapping[str, Any], today: date) -> dict[str, str]:
    """What is wrong in ``step`` as ``{pointer: message id}``: the service's own rules, checked as the person
    goes so each step stops at its own mistakes, in the page's language (the service has the last word). ``today``:
    the Swedish date of the page's clock (a personal number's century and its date of birth depend on it)."""
    need: dict[str, str] = {}
    if step == "identity":
        need.update(_identity(draft, today))
    if step == "education":
        for i, row in enumerate(draft.get("education") or []):
            need.update({f"/education/{i}/{k}": m for k, m in _education_row(row).items()})
    if step == "experience":
        for i, row in enumerate(draft.get("experience") or []):
            need.update({f"/experience/{i}/{k}": m for k, m in _experience_row(row).items()})
    if step == "swedish" and draft.get("swedishKind") in ("sfi", "sva"):
        allowed = _SFI if draft["swedishKind"] == "sfi" else _SVA
        if draft.get("swedishCourse") not in allowed:
            need["/swedishLevel/course"] = COURSE
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
    return {p: need[p] for p in sorted(need, key=_order)}


def _order(pointer: str) -> tuple:
    """Errors in the order their fields stand on the page."""
    parts = pointer.strip("/").split("/")
    if parts[0] in _ROW and len(parts) >= 3 and parts[1].isdigit():
        names = EDU_FIELDS if parts[0] == "education" else EXP_FIELDS
        return (1, int(parts[1]), names.index(parts[2]) if parts[2] in names else 99)
    order = list(_FIELD_OF_POINTER)
    return (0, order.index(pointer) if pointer in order else 99, 0)


def _identity(draft: Mapping[str, Any], today: date) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("given", "family"):
        if len(draft.get(key) or "") > 200:
            out[f"/name/{key}"] = TOO_LONG
    if draft.get("idKind", "number") != "none" and draft.get("number"):
        try:
            parse_identity_number(draft["number"], today=today)
        except InvalidIdentityNumber as exc:
            out["/identity/number"] = NUMBER_MESSAGES.get(str(exc), NUMBER)
    if draft.get("idKind") == "none" and draft.get("idCountry") and not re.fullmatch(r"[A-Z]{2}", draft["idCountry"]):
        out["/noSwedishNumber/country"] = COUNTRY
    email = draft.get("email") or ""
    if email and (len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email)):
        out["/contact/email"] = EMAIL
    phone = draft.get("phone") or ""
    if phone and not re.fullmatch(r"\+?[0-9][0-9 \-]{5,19}", phone):
        out["/contact/phone"] = PHONE
    return out


def _year(value: str) -> int | None:
    return int(value) if re.fullmatch(r"[0-9]{4}", value or "") and 1940 <= int(value) <= 2100 else None


def _education_row(row: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("country", "institution", "programme", "startYear", "language"):
        if not row.get(key):
            out[key] = REQUIRED
    for key in ("institution", "programme"):
        if len(row.get(key) or "") > 200:
            out[key] = TOO_LONG
    if row.get("country") and not re.fullmatch(r"[A-Za-z]{2}", row["country"]):
        out["country"] = COUNTRY
    if row.get("language") and not re.fullmatch(r"[A-Za-z]{2,3}", row["language"]):
        out["language"] = LANGUAGE
    start = _year(row.get("startYear", ""))
    if row.get("startYear") and start is None:
        out["startYear"] = YEAR
    if row.get("endYear"):
        end = _year(row["endYear"])
        if end is None:
            out["endYear"] = YEAR
        elif start is not None and end < start:
            out["endYear"] = END_YEAR
    hours = row.get("hours") or ""
    if hours and not (hours.isdigit() and int(hours) <= 20000):
        out["hours"] = HOURS
    codes = (row.get("courseCodes") or "").replace(",", " ").split()
    if any(not re.fullmatch(r"[A-Za-z0-9]{4,12}", c) for c in codes):
        out["courseCodes"] = COURSE_CODES
    return out


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value or "") else None
    except ValueError:
        return None


def _experience_row(row: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("employer", "role", "from", "extentPercent"):
        if not row.get(key):
            out[key] = REQUIRED
    for key in ("employer", "role"):
        if len(row.get(key) or "") > 200:
            out[key] = TOO_LONG
    start = _date(row.get("from", ""))
    if row.get("from") and start is None:
        out["from"] = DATE
    if row.get("to"):
        end = _date(row["to"])
        if end is None:
            out["to"] = DATE
        elif start is not None and end < start:
            out["to"] = DATE_ORDER
    extent = row.get("extentPercent") or ""
    if extent and not (extent.isdigit() and 1 <= int(extent) <= 100):
        out["extentPercent"] = PERCENT
    return out


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


def service_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """The service's 422 messages (English, for developers) replaced by one plain message per field."""
    return {pointer: NOT_ACCEPTED for pointer in errors}


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
