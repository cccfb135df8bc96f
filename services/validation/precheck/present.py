"""The pre-check as JSON, with texts from the message catalogue in the caller's language."""

from __future__ import annotations

from typing import Any

from services.validation.messages import message, text
from services.validation.precheck.domain import Precheck, RouteResult
from services.validation.precheck.experience import JudgedExperience


def _entry_json(entry: JudgedExperience, route: RouteResult, lang: str) -> dict[str, Any]:
    """Why one period of work counted for the experience route, or why not."""
    params = {
        "ssyk": entry.ssyk or "",
        "occupation": entry.occupation or "",
        "months": f"{entry.full_time_months:.1f}",
        "years": route.details["withinYears"],
    }
    return {
        "index": entry.index,
        "ssyk": entry.ssyk,
        "ssykSource": entry.ssyk_source,
        "occupation": entry.occupation,
        "fullTimeMonths": round(entry.full_time_months, 1),
        "counted": entry.counted,
        "reason": message(f"experience.{entry.reason}", lang, **params),
    }


def _route_json(route: RouteResult, lang: str) -> dict[str, Any]:
    details = dict(route.details)
    params: dict[str, Any] = {}
    if route.route == "experience":
        details["entries"] = [_entry_json(e, route, lang) for e in details["entries"]]
        params = {"months": details["requiredMonths"], "years": details["withinYears"]}
    return {
        "route": route.route,
        "profile": route.profile_code,
        "applicable": route.applicable,
        "met": route.met,
        "details": details,
        "text": text(f"route.{route.route}", lang, **params),
    }


def precheck_json(result: Precheck, lang: str) -> dict[str, Any]:
    """camelCase JSON of a pre-check; every text carries its catalogue key."""
    coverage = result.coverage
    return {
        "route": message(f"route.{result.route}", lang, **_route_params(result)) if result.route else None,
        "routes": [_route_json(r, lang) for r in result.routes],
        "missingDocuments": [{**message(f"document.{k}", lang), "kind": k} for k in result.missing_documents],
        "coverage": None
        if coverage is None
        else {
            "profile": coverage.profile_code,
            "covered": list(coverage.covered),
            "missing": list(coverage.missing),
            "pointsCovered": coverage.points_covered,
            "pointsRequired": coverage.points_required,
        },
        "advice": [message(k, lang) for k in result.advice],
    }


def _route_params(result: Precheck) -> dict[str, Any]:
    chosen = next((r for r in result.routes if r.route == result.route), None)
    if chosen is None or chosen.route != "experience":
        return {}
    return {"months": chosen.details["requiredMonths"], "years": chosen.details["withinYears"]}
