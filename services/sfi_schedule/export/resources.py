"""Each SS 12000 list: how its items are built from the sources and which standard filters it honours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.sfi_schedule.calendar.model import TZ, Occurrence
from services.sfi_schedule.export import organisation, people, schedule
from services.sfi_schedule.export.filters import Item, dates_ok, ids_of, meta_ok, utc_text
from services.sfi_schedule.export.groups import groups
from services.sfi_schedule.export.sources import Row, Sources, meta

Query = dict[str, Any]
Keep = Callable[[Sources, Query, Item], bool]


def _contains(values: list[str] | None, candidate: Any) -> bool:
    return values is None or candidate in values


def _organisation(src: Sources, q: Query, item: Item) -> bool:
    return (
        _contains(q.get("parent"), item.get("parentOrganisation", {}).get("id"))
        and _contains(q.get("schoolUnitCode"), item.get("schoolUnitCode"))
        and _contains(q.get("organisationCode"), item.get("organisationCode"))
        and q.get("municipalityCode") in (None, item.get("municipalityCode"))
        and _contains(q.get("type"), item["organisationType"])
        and ("schoolTypes" not in q or bool(set(q["schoolTypes"]) & set(item.get("schoolTypes", []))))
    )


def _names_match(q: Query, item: Item) -> bool:
    names = [item.get(k, "").casefold() for k in ("givenName", "middleName", "familyName")]
    return all(any(v.casefold() in n for n in names) for v in q.get("nameContains", []))


_RELATIONSHIP_DATES = ("relationship_start_on_or_before", "relationship_start_on_or_after",
                       "relationship_end_on_or_before", "relationship_end_on_or_after")  # fmt: skip


def _relationship(src: Sources, q: Query, item: Item) -> bool:
    bounds = {k: q[k].isoformat() for k in _RELATIONSHIP_DATES if k in q}
    if not bounds and "relationship" not in q and "relationship_organisation" not in q:
        return True
    org = q.get("relationship_organisation")
    for rel in people.relationships(src, item["id"]):
        if q.get("relationship") not in (None, rel.kind) or (org is not None and not src.within(rel.organisation, org)):
            continue
        start_ok = rel.start is None or (
            rel.start <= bounds.get("relationship_start_on_or_before", rel.start)
            and rel.start >= bounds.get("relationship_start_on_or_after", rel.start)
        )
        end_ok = rel.end is None or (rel.end <= bounds.get("relationship_end_on_or_before", rel.end)
                                     and rel.end >= bounds.get("relationship_end_on_or_after", rel.end))  # fmt: skip
        if start_ok and end_ok:
            return True
    return False


def _person(src: Sources, q: Query, item: Item) -> bool:
    civic = q.get("civicNo")
    return (
        _names_match(q, item)
        and (civic is None or item.get("civicNo", {}).get("value") == civic.replace("-", "").replace("+", ""))
        # Lotsen keeps no eduPersonPrincipalNames or external identifiers: asking for one finds nobody.
        and not {"eduPersonPrincipalName", "identifier_value", "identifier_context"} & q.keys()
        and _relationship(src, q, item)
    )


def _duty(src: Sources, q: Query, item: Item) -> bool:
    return (
        ("organisation" not in q or src.within(item["dutyAt"]["id"], q["organisation"]))
        and q.get("dutyRole") in (None, item["dutyRole"])
        and ("person" not in q or item["person"]["id"] == q["person"])
    )


def _group(src: Sources, q: Query, item: Item) -> bool:
    return (
        _contains(q.get("groupType"), item["groupType"])
        and _contains(q.get("schoolTypes"), item["schoolType"])
        and _contains(q.get("organisation"), item["organisation"]["id"])
    )


def _members(src: Sources, group_id: str) -> set[str]:
    return {str(m["learner_id"]) for m in src.members_of.get(group_id, [])} if src.options.access.learners else set()


def _activity(src: Sources, q: Query, item: Item) -> bool:
    group_ids = ids_of(item["groups"])
    return (
        ("member" not in q or any(q["member"] in _members(src, g) for g in group_ids))
        and ("teacher" not in q or q["teacher"] in ids_of(item.get("teachers"), "duty"))
        and ("organisation" not in q or src.within(item["organisation"]["id"], q["organisation"]))
        and ("group" not in q or q["group"] in group_ids)
    )


def _room(src: Sources, q: Query, item: Item) -> bool:
    return "organisation" not in q or item["owner"]["id"] == q["organisation"]


def _any(src: Sources, q: Query, item: Item) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Resource:
    """One list of the standard: its entity name, builder, own filters, whether it has dates, its data needs."""

    entity: str
    build: Callable[[Sources], list[Item]]
    keep: Keep = _any
    dated: bool = False
    schedule: bool = False  # needs the published groups
    staff_only: bool = False


RESOURCES: dict[str, Resource] = {
    "organisations": Resource("Organisation", organisation.organisations, _organisation, dated=True),
    "persons": Resource("Person", people.persons, _person, schedule=True, staff_only=True),
    "duties": Resource("Duty", people.duties, _duty, dated=True, staff_only=True),
    "groups": Resource("Group", groups, _group, dated=True, schedule=True),
    "syllabuses": Resource("Syllabus", organisation.syllabuses),
    "activities": Resource("Activity", schedule.activities, _activity, dated=True, schedule=True),
    "rooms": Resource("Room", organisation.rooms, _room),
}


def listed(resource: Resource, src: Sources, q: Query) -> list[Item]:
    """The resource's items that pass every filter asked for."""
    return [
        i for i in resource.build(src)
        if meta_ok(i, q) and (not resource.dated or dates_ok(i, q)) and resource.keep(src, q, i)
    ]  # fmt: skip


def _group_may_match(src: Sources, q: Query, row: Row) -> bool:
    """The event filters that depend on the group alone, checked before its sessions are expanded."""
    gid, venue = str(row["group_id"]), row["doc"]["venue"]["id"]
    return (
        meta_ok({"meta": meta(row["created_at"], row["modified_at"])}, q)  # an event's meta is its group's
        and all(q[k] == gid for k in ("activity", "group") if k in q)
        and ("organisation" not in q or src.within(venue, q["organisation"]))
        and ("student" not in q or q["student"] in _members(src, gid))
    )


def _event_ok(src: Sources, q: Query, row: Row, occ: Occurrence) -> bool:
    teacher = q.get("teacher")
    return (
        q["start_on_or_after"] <= occ.start <= q["start_on_or_before"]
        and ("end_on_or_after" not in q or occ.end >= q["end_on_or_after"])
        and ("end_on_or_before" not in q or occ.end <= q["end_on_or_before"])
        # who teaches is for staff only: for anyone else the filter finds nothing
        and (teacher is None or (src.options.access.staff and teacher in schedule.event_duties(row, occ)))
    )


Session = tuple[Row, Occurrence]  # a published group and one of its occurrences: a CalendarEvent to be


def sessions(src: Sources, q: Query) -> list[Session]:
    """The sessions that start in the asked window and pass every filter (built into events only once paged)."""
    window = (q["start_on_or_after"].astimezone(TZ).date(), q["start_on_or_before"].astimezone(TZ).date())
    if window[0] > window[1]:
        return []
    rows = [r for r in src.published if _group_may_match(src, q, r)]
    return [(r, o) for r in rows for o in schedule.occurrences(r, window) if _event_ok(src, q, r, o)]


def session_order(sortkey: str | None) -> tuple[Callable[[Session], tuple], bool]:
    """The standard's event sort keys on sessions, equal to ``filters.sort_order`` on the events they become."""
    if sortkey == "ModifiedDesc":
        return (lambda s: (utc_text(max(s[0]["created_at"], s[0]["modified_at"])), str(s[1].id))), True
    return (lambda s: (utc_text(s[1].start), str(s[1].id))), sortkey == "StartTimeDesc"
