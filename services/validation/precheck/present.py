"""The pre-check as JSON, with texts from the message catalogue in the caller's language."""

from __future__ import annotations

from typing import Any

from services.validation.messages import message, text
from services.validation.precheck.domain import Precheck


def precheck_json(result: Precheck, lang: str) -> dict[str, Any]:
    """camelCase JSON of a pre-check; every text carries its catalogue key."""
    coverage = result.coverage
    return {
        "route": message(f"route.{result.route}", lang) if result.route else None,
        "routes": [
            {
                "route": r.route,
                "profile": r.profile_code,
                "applicable": r.applicable,
                "met": r.met,
                "details": dict(r.details),
                "text": text(f"route.{r.route}", lang),
            }
            for r in result.routes
        ],
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
