"""The ranked result as JSON: each occupation with its points, reasons and way there, texts in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.validation.catalogue.domain import Role
from services.validation.messages import message
from services.validation.shortage.domain import Occupation, ShortageList, title_of
from services.validation.skills.domain import Person, missing_licences
from services.validation.skills.ranking import FULL_MONTHS, Ranked
from services.validation.skills.swedish import SwedishWay, swedish_way


@dataclass(frozen=True, slots=True)
class ResultContext:
    """What presenting a result needs besides the ranking: the register, roles, their pre-checks, course names."""

    register: Mapping[str, Occupation]
    roles: Mapping[str, Role]
    prechecks: Mapping[str, Any]
    courses: Mapping[str, tuple[str, int]]
    shortage: ShortageList


PLACEMENTS_HREF = "/api/sfi/v1/placements?occupation={ssyk}&status=open&current=true"


def _years(months: float) -> str:
    years = round(months / 12, 1)
    return f"{years:g}"


def _reasons(item: Ranked, person: Person, register: Mapping[str, Occupation], lang: str) -> list[dict[str, str]]:
    """Why the occupation is where it is, one text per part of the score."""
    rel, out = item.relevance, []
    if rel.kind == "none":
        out.append(message("skills.reason.no_experience", lang))
    else:
        worked = title_of(rel.ssyk, register, lang)
        out.append(message(f"skills.reason.{rel.kind}", lang, occupation=worked, years=_years(rel.months)))
        if rel.months < FULL_MONTHS:
            out.append(message("skills.reason.short_experience", lang))
    if person.unmapped_work:
        out.append(message("skills.reason.unmapped", lang))
    if item.education_field:
        field = message(f"field.{item.education_field}", lang)["text"]
        out.append(message("skills.reason.education", lang, field=field))
    entry = item.entry
    level = message(f"demand.{entry.demand_level}", lang)["text"]
    out.append(message("skills.reason.demand", lang, level=level, source=entry.source, date=entry.source_date))
    if item.wish_points:
        out.append(message("skills.reason.wish", lang, occupation=title_of(entry.ssyk, register, lang)))
    return out


def _swedish_json(way: SwedishWay, courses: Mapping[str, tuple[str, int]], lang: str) -> dict[str, Any]:
    texts = []
    if way.entry_level is None:
        texts.append(message("skills.swedish.no_entry_level", lang))
    elif way.met:
        texts.append(message("skills.swedish.met", lang, level=way.entry_level))
    elif way.start_known:
        texts.append(message("skills.swedish.sfi_left", lang, level=way.entry_level, courses=", ".join(way.sfi_left)))
    else:
        texts.append(message("skills.swedish.sfi_start", lang, level=way.entry_level, path=way.path,
                             start=way.sfi_left[0], courses=", ".join(way.sfi_left)))  # fmt: skip
    listed = []
    for code, done in way.courses:
        name, points = courses.get(code, (code, 0))
        listed.append({"code": code, "name": name, "points": points, "done": done})
        key = "skills.swedish.course_done" if done else "skills.swedish.course_needed"
        texts.append(message(key, lang, name=name, code=code, points=points))
    return {
        "entryLevel": way.entry_level,
        "met": way.met and all(done for _, done in way.courses),
        "sfiLeft": list(way.sfi_left),
        "expectedPath": way.path,
        "startKnown": way.start_known,
        "courses": listed,
        "texts": texts,
    }


def _licences_json(occupation: Occupation | None, person: Person, lang: str) -> dict[str, Any]:
    needed = occupation.driving_licences if occupation else ()
    missing = missing_licences(needed, person.licences)
    texts = [
        message("skills.licence.missing" if c in missing else "skills.licence.held", lang, category=c) for c in needed
    ]
    return {"needed": list(needed), "missing": list(missing), "texts": texts}


def _validation_json(occupation: Occupation | None, prechecks: Mapping[str, Any], roles: Mapping[str, Role],
                     lang: str) -> dict[str, Any]:  # fmt: skip
    code = occupation.role_code if occupation else None
    if code is None or code not in roles:
        return {"role": None, "text": message("skills.validation.none", lang)}
    role = roles[code]
    title = role.title_en if lang == "en" else role.title_sv
    return {
        "role": code,
        "title": title,
        "regulated": role.regulated,
        "precheck": prechecks[code],
        "text": message("skills.validation.role", lang, role=title),
    }


def occupation_json(item: Ranked, rank: int, *, person: Person, context: ResultContext, lang: str) -> dict[str, Any]:
    """One ranked occupation with its score, reasons and the way there."""
    entry, occupation = item.entry, item.occupation
    way = swedish_way(occupation, kind=person.swedish_kind, course=person.swedish_course, education=person.education)
    return {
        "rank": rank,
        "ssyk": entry.ssyk,
        "title": title_of(entry.ssyk, context.register, lang, entry.title),
        "demandLevel": entry.demand_level,
        "demand": message(f"demand.{entry.demand_level}", lang),
        "source": entry.source,
        "sourceDate": entry.source_date.isoformat(),
        "score": item.score,
        "points": {
            "experience": item.relevance.points,
            "education": item.education_points,
            "demand": item.demand_points,
            "wish": item.wish_points,
        },
        "relevance": {
            "kind": item.relevance.kind,
            "ssyk": item.relevance.ssyk,
            "fullTimeMonths": round(item.relevance.months, 1),
        },
        "reasons": _reasons(item, person, context.register, lang),
        "validation": _validation_json(occupation, context.prechecks, context.roles, lang),
        "swedish": _swedish_json(way, context.courses, lang),
        "drivingLicences": _licences_json(occupation, person, lang),
        "placements": {"href": PLACEMENTS_HREF.format(ssyk=entry.ssyk)},
    }


def result_json(ranked: list[Ranked], *, person: Person, context: ResultContext, lang: str) -> dict[str, Any]:
    """The whole result: which list it was ranked against, the rule, and the occupations best first."""
    shortage = context.shortage
    return {
        "municipality": shortage.municipality,
        "shortageVersion": shortage.version,
        "rule": message("skills.ranking.rule", lang),
        "notice": None if shortage.version else message("skills.no_shortage_list", lang),
        "occupations": [
            occupation_json(item, i, person=person, context=context, lang=lang) for i, item in enumerate(ranked, 1)
        ],
    }
