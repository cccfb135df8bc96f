"""Valid request bodies the fault tests build on."""

from __future__ import annotations

import copy
from typing import Any

APPLICATION: dict[str, Any] = {
    "name": {"given": "Amina", "family": "Haddad"},
    "noSwedishNumber": {"documentType": "passport", "country": "SY"},
    "contact": {"email": "amina@example.org"},
    "preferredLanguage": "ar",
    "targetRole": "underskoterska",
    "swedishLevel": {"kind": "sfi", "course": "D"},
    "education": [],
}

EDUCATION: dict[str, Any] = {
    "country": "SY",
    "institution": "Damascus Nursing Institute",
    "programme": "Nursing assistant",
    "field": "care",
    "startYear": 2010,
    "endYear": 2012,
    "language": "ar",
    "courseCodes": [],
}


def application(*, education: int = 0, family: str = "Haddad") -> dict[str, Any]:
    """An anonymous application without a Swedish number, with ``education`` valid entries."""
    body = copy.deepcopy(APPLICATION)
    body["name"]["family"] = family
    body["education"] = [{**EDUCATION, "programme": f"Programme {i}"} for i in range(education)]
    return body
