"""The result of a mapping: read the register, the shortage list and the roles once, rank, pre-check each role once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from services.validation.applications.service import compute_precheck
from services.validation.catalogue import queries as catalogue
from services.validation.catalogue.domain import Role, role_from_row
from services.validation.shortage import service as shortage
from services.validation.shortage.domain import Occupation, ShortageList
from services.validation.skills.domain import application_details, person_of
from services.validation.skills.ranking import rank, related_groups
from services.validation.skills.result import ResultContext, result_json


@dataclass(frozen=True, slots=True)
class Reference:
    """The data a result is computed from, read once per request."""

    register: Mapping[str, Occupation]
    shortage: ShortageList
    roles: Mapping[str, Role]
    points: Mapping[str, int]


async def reference_data(conn: asyncpg.Connection, *, municipality: str) -> Reference:
    """The occupation register, the municipality's current shortage list, every role and the course points."""
    roles = {r["code"]: role_from_row(r) for r in await catalogue.list_roles(conn)}
    return Reference(
        register=await shortage.register(conn),
        shortage=await shortage.current_list(conn, municipality=municipality),
        roles=roles,
        points=await catalogue.course_points(conn),
    )


def course_names(roles: Mapping[str, Role]) -> dict[str, tuple[str, int]]:
    """Name and points of every course in the roles' profiles, by code."""
    return {c.code: (c.name, c.points) for role in roles.values() for p in role.profiles for c in p.courses}


def titles_sv(register: Mapping[str, Occupation]) -> dict[str, str]:
    """Swedish occupation titles by code (what an application made from a mapping calls the work)."""
    return {code: o.title_sv for code, o in register.items()}


def evaluate(details: Mapping[str, Any], ref: Reference, *, lang: str, today: date) -> dict[str, Any]:
    """The ranked result of what a mapping records, texts in ``lang`` (pure once the data is read)."""
    person = person_of(details)
    ranked = rank(person, ref.shortage.entries, ref.register, related_groups(ref.roles.values(), today=today))
    as_application = application_details(details, today=today, titles=titles_sv(ref.register))
    wanted = sorted({r.occupation.role_code for r in ranked if r.occupation and r.occupation.role_code in ref.roles})
    prechecks = {
        code: compute_precheck(ref.roles[code], as_application, document_kinds=(), has_swedish_number=True,
                               today=today, points=ref.points, lang=lang)
        for code in wanted
    }  # fmt: skip
    context = ResultContext(ref.register, ref.roles, prechecks, course_names(ref.roles), ref.shortage)
    return result_json(ranked, person=person, context=context, lang=lang)
