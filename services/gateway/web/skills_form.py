"""The skills-mapping and shortage-list forms: form fields ⇄ the validation service's JSON (pure, no I/O).

One page, no JavaScript: a fixed number of rows for education, work and languages (more appear when a
mapping already has more), empty rows left out. The service checks everything; its 422 pointers are mapped
back to the form's field names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.gateway.web.labels import N_

ROWS = 3
MAX_ROWS = 20
LEVELS = {
    "none": N_("No schooling"),
    "primary": N_("Primary school"),
    "lower_secondary": N_("Lower secondary school"),
    "upper_secondary": N_("Upper secondary school"),
    "post_secondary": N_("Vocational education after upper secondary"),
    "university": N_("University or college"),
}
FIELDS = {
    "care": N_("Care"),
    "health": N_("Health care"),
    "childcare": N_("Childcare and recreation"),
    "pedagogy": N_("Teaching"),
    "hospitality": N_("Restaurant and food"),
    "transport": N_("Vehicles and transport"),
    "cleaning": N_("Cleaning"),
    "construction": N_("Construction"),
    "industry": N_("Industry"),
    "technology": N_("Technology and IT"),
    "business": N_("Business and trade"),
    "other": N_("Other"),
}
SPEAKS = {"native": N_("Mother tongue"), "fluent": N_("Fluent"), "good": N_("Good"), "basic": N_("Basic")}
EXTENTS = {"any": N_("Full time or part time"), "full_time": N_("Full time"), "part_time": N_("Part time")}
LICENCES = ("AM", "A", "B", "BE", "C", "CE", "D", "DE")
DEMAND = {
    "large_shortage": N_("Large shortage"),
    "shortage": N_("Shortage"),
    "balance": N_("Balance"),
    "surplus": N_("Surplus"),
}
EDU = ("level", "field", "country", "years", "endYear")
WORK = ("ssyk", "title", "years", "extentPercent", "endYear")
SPOKEN = ("code", "level")
ENTRY = ("ssyk", "title", "demandLevel", "source", "sourceDate")
_ROW_OF = {"education": "edu", "experience": "exp", "languages": "lang", "entries": "entry"}
_FIELD_OF = {"/swedish/kind": "swedishKind", "/swedish/course": "swedishCourse", "/swedish": "swedishKind",
             "/name/given": "given", "/name/family": "family", "/wishes/occupations/0": "wish",
             "/drivingLicence": "licence"}  # fmt: skip


def _s(form: Mapping[str, Any], key: str) -> str:
    return str(form.get(key, "")).strip()


def _number(raw: str) -> float | int | str:
    """A number typed into the form (a comma is a decimal point); anything else goes on for the service to name."""
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return raw
    return int(value) if value.is_integer() else value


def rows(
    form: Mapping[str, Any], prefix: str, names: tuple[str, ...], defaults: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    """The filled-in rows of a repeated group of fields (``edu-0-level`` …), in order; a row with nothing but
    its preselected ``defaults`` is empty."""
    out = []
    for i in range(MAX_ROWS):
        if f"{prefix}-{i}-{names[0]}" not in form:
            break
        row = {n: _s(form, f"{prefix}-{i}-{n}") for n in names}
        if any(v for k, v in row.items() if k not in defaults):
            out.append(row)
    return out


def _education(row: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"level": row["level"], "field": row["field"] or "other", "country": row["country"].upper(),
                           "years": _number(row["years"])}  # fmt: skip
    if row["endYear"]:
        out["endYear"] = _number(row["endYear"])
    return out


def _work(row: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"years": _number(row["years"]), "extentPercent": _number(row["extentPercent"] or "100")}
    for key in ("ssyk", "title"):
        if row[key]:
            out[key] = row[key]
    if row["endYear"]:
        out["endYear"] = _number(row["endYear"])
    return out


def to_mapping(form: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The mapping JSON the validation service takes."""
    body: dict[str, Any] = {
        "preferredLanguage": _s(form, "preferredLanguage") or language,
        "education": [_education(r) for r in rows(form, "edu", EDU, ("field",))],
        "experience": [_work(r) for r in rows(form, "exp", WORK, ("extentPercent",))],
        "languages": [{"code": r["code"].lower(), "level": r["level"]} for r in rows(form, "lang", SPOKEN, ("level",))],
        "swedish": {"kind": _s(form, "swedishKind") or "none"},
        "drivingLicence": [c for c in LICENCES if _s(form, f"licence-{c}") == "yes"],
        "wishes": {
            "occupations": [_s(form, "wish")] if _s(form, "wish") else [],
            "extent": _s(form, "wishExtent") or "any",
            "placement": _s(form, "wishPlacement") == "yes",
            "text": _s(form, "wishText"),
        },
    }
    if body["swedish"]["kind"] in ("sfi", "sva") and _s(form, "swedishCourse"):
        body["swedish"]["course"] = _s(form, "swedishCourse")
    if _s(form, "given") or _s(form, "family"):
        body["name"] = {"given": _s(form, "given"), "family": _s(form, "family")}
    return body


def _padded(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return items + [{} for _ in range(max(ROWS - len(items), 1 if len(items) >= ROWS else 0))]


def form_values(mapping: Mapping[str, Any] | None) -> dict[str, Any]:
    """What the form shows: a recorded mapping's values (to change it), or empty rows."""
    mapping = mapping or {}
    swedish = mapping.get("swedish") or {}
    wishes = mapping.get("wishes") or {}
    name = mapping.get("name") or {}
    return {
        "given": name.get("given", ""), "family": name.get("family", ""),
        "preferredLanguage": mapping.get("preferredLanguage", ""),
        "education": _padded([dict(e) for e in mapping.get("education") or []]),
        "experience": _padded([dict(x) for x in mapping.get("experience") or []]),
        "languages": _padded([dict(lang) for lang in mapping.get("languages") or []]),
        "swedishKind": swedish.get("kind", ""), "swedishCourse": swedish.get("course") or "",
        "licences": set(mapping.get("drivingLicence") or ()),
        "wish": (wishes.get("occupations") or [""])[0], "wishExtent": wishes.get("extent", "any"),
        "wishPlacement": wishes.get("placement", True), "wishText": wishes.get("text", ""),
    }  # fmt: skip


def form_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """A 422's pointers as form field names (``/experience/1/years`` → ``exp-1-years``)."""
    out: dict[str, str] = {}
    for pointer, message in errors.items():
        parts = pointer.strip("/").split("/")
        if parts[0] in _ROW_OF and len(parts) >= 3 and parts[1].isdigit():
            out.setdefault(f"{_ROW_OF[parts[0]]}-{parts[1]}-{parts[2]}", message)
        elif parts[0] in _ROW_OF and len(parts) == 2 and parts[1].isdigit():
            out.setdefault(f"{_ROW_OF[parts[0]]}-{parts[1]}-{'code' if parts[0] == 'languages' else 'level'}", message)
        else:
            out.setdefault(_FIELD_OF.get(pointer, parts[0] or "form"), message)
    return out


def to_entries(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The shortage list's rows as the service takes them (empty rows left out, order kept)."""
    out = []
    for row in rows(form, "entry", ENTRY, ("demandLevel",)):
        entry: dict[str, Any] = {k: row[k] for k in ("ssyk", "demandLevel", "source", "sourceDate")}
        if row["title"]:
            entry["title"] = row["title"]
        out.append(entry)
    return out


def application_body(form: Mapping[str, Any], ssyk: str) -> dict[str, Any]:
    """What a caseworker adds to make an application of a mapping: contact and identity (name if missing)."""
    body: dict[str, Any] = {"ssyk": ssyk, "contact": {k: _s(form, k) for k in ("email", "phone") if _s(form, k)}}
    if _s(form, "idKind") == "none":
        body["noSwedishNumber"] = {"documentType": _s(form, "documentType") or "other"}
        if _s(form, "idCountry"):
            body["noSwedishNumber"]["country"] = _s(form, "idCountry").upper()
    else:
        body["identity"] = {"number": _s(form, "number")}
    if _s(form, "given") or _s(form, "family"):
        body["name"] = {"given": _s(form, "given"), "family": _s(form, "family")}
    return body
