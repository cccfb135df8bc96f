"""Persons (teachers; learners for entitled callers) and duties, with their relationships for the filters."""

from __future__ import annotations

from typing import Any, NamedTuple

from services.sfi_schedule.export.groups import dated, group_fragment
from services.sfi_schedule.export.ids import duty_id
from services.sfi_schedule.export.sources import SCHOOL_TYPE, Row, Sources, local_date, meta

PERSON_EXPANDS = ("duties", "responsibleFor", "placements", "ownedPlacements", "groupMemberships")


class Relationship(NamedTuple):
    """What ``relationship.*`` filters look at: the kind, the organisation and the dates of a relation."""

    kind: str  # enrolment | duty | groupMembership
    organisation: str
    start: str | None
    end: str | None


def split_name(full: str) -> tuple[str, str]:
    """Given and family name from one display name: the last word is the family name."""
    given, _, family = " ".join(full.split()).rpartition(" ")
    return (given, family) if given else (family, "")


def _person(row: Row, name: str, modified: Any) -> dict[str, Any]:
    given, family = split_name(name)
    return {"id": str(row["id"]), "meta": meta(row["created_at"], modified), "givenName": given, "familyName": family}


def teacher_person(src: Sources, row: Row, *, embed: bool = True) -> dict[str, Any]:
    """A teacher as a Person (names only)."""
    out = _person(row, row["name"], row["updated_at"])
    if embed and src.options.expand:
        out["_embedded"] = _embedded(src, duties=[duty(src, row, embed=False)], memberships=[])
    return out


def learner_person(src: Sources, row: Row) -> dict[str, Any]:
    """A learner as a Person: names, enrolments at venues, the civic number only when the caller may see it."""
    out = _person(row, row["display_name"], row["modified_at"])
    out["securityMarking"] = "Ingen"  # protected identities never get this far
    if row["personal_number"]:
        out["civicNo"] = {"value": row["personal_number"], "nationality": "SE"}
    mine = src.memberships_of.get(str(row["id"]), [])
    out["enrolments"] = [dated({"enroledAt": src.org_ref(m["venue_id"]), "schoolType": SCHOOL_TYPE}, m)
                         for m in mine]  # fmt: skip
    if src.options.expand:
        memberships = [
            dated({"group": group_fragment(src, src.group_by_id[str(m["group_id"])])}, m)
            for m in mine
            if m["live"] and str(m["group_id"]) in src.group_by_id
        ]
        out["_embedded"] = _embedded(src, duties=[], memberships=memberships)
    return out


def _embedded(src: Sources, *, duties: list, memberships: list) -> dict[str, Any]:
    found = {"duties": duties, "groupMemberships": memberships}
    return {k: found.get(k, []) for k in PERSON_EXPANDS if k in src.options.expand}


def persons(src: Sources) -> list[dict[str, Any]]:
    """Teachers for staff-entitled callers, learners only for callers with the persons scope."""
    out = [teacher_person(src, r) for r in src.teachers] if src.options.access.staff else []
    if src.options.access.learners:
        out += [learner_person(src, r) for r in src.learners]
    return out


def relationships(src: Sources, person_id: str) -> list[Relationship]:
    """A person's duties, enrolments and group memberships, for ``relationship.*``."""
    teacher = src.teacher_by_id.get(person_id)
    if teacher is not None:
        return [Relationship("duty", str(teacher["provider_id"]), local_date(teacher["created_at"]), None)]
    out = []
    for m in src.memberships_of.get(person_id, []):
        dates = (m["start_date"].isoformat(), m["end_date"].isoformat() if m["end_date"] else None)
        out.append(Relationship("enrolment", str(m["venue_id"]), *dates))
        if m["live"]:
            out.append(Relationship("groupMembership", str(m["venue_id"]), *dates))
    return out


def duty(src: Sources, row: Row, *, embed: bool = True) -> dict[str, Any]:
    """A teacher's duty as SFI teacher (Lärare) at their provider, from the day they were registered."""
    out: dict[str, Any] = {
        "id": str(duty_id(row["id"])), "meta": meta(row["created_at"], row["updated_at"]),
        "person": src.ref(row["id"], row["name"]), "dutyAt": src.org_ref(row["provider_id"]), "dutyRole": "Lärare",
        "startDate": local_date(row["created_at"]),
    }  # fmt: skip
    if embed and "person" in src.options.expand:
        out["_embedded"] = {"person": teacher_person(src, row, embed=False)}
    return out


def duties(src: Sources) -> list[dict[str, Any]]:
    """Every live teacher's duty."""
    return [duty(src, r) for r in src.teachers] if src.options.access.staff else []
