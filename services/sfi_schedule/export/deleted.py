"""``deletedEntities``: what the export stopped showing, from the tombstones and replaced schedules (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.sfi_schedule.export.access import Access
from services.sfi_schedule.export.filters import Item
from services.sfi_schedule.export.ids import duty_id
from services.sfi_schedule.publications.domain import occurrences_of_doc

# The standard's keys of DeletedEntities.data; "activitites" is spelled as in SS 12000 2.1.0, so generated
# clients find it.
KEYS = {"Organisation": "organisations", "Person": "persons", "Group": "groups", "Room": "rooms",
        "Activity": "activitites", "Duty": "duties", "Syllabus": "syllabuses",
        "CalendarEvent": "calendarEvents"}  # fmt: skip


def _entities(source: str, id: str, access: Access) -> list[tuple[str, str]]:
    """The SS 12000 entities one deleted Lotsen row was."""
    if source in ("provider", "venue"):
        return [("Organisation", id)]
    if source == "room":
        return [("Room", id)]
    if source == "group":
        return [("Group", id), ("Activity", id)]
    if source == "teacher":
        return [("Person", id), ("Duty", str(duty_id(id)))] if access.staff else []
    return [("Person", id)] if access.learners else []  # a learner


def _event_ids(doc: dict[str, Any] | None) -> set[str]:
    return {str(o.id) for o in occurrences_of_doc(doc)} if doc else set()


def deletions(tombstones: Iterable[Any], replaced: Iterable[Any], access: Access) -> list[Item]:
    """Every deletion as ``{id, entity, at}`` (the latest time an entity was deleted)."""
    latest: dict[tuple[str, str], Any] = {}

    def note(entity: str, id: str, at: Any) -> None:
        if (entity, id) not in latest or latest[(entity, id)] < at:
            latest[(entity, id)] = at

    for t in tombstones:
        for entity, id in _entities(t["source"], str(t["id"]), access):
            note(entity, id, t["deleted_at"])
    for r in replaced:
        for id in _event_ids(r["old_doc"]) - _event_ids(r["current_doc"]):
            note("CalendarEvent", id, r["replaced_at"])
    return [{"id": id, "entity": entity, "at": at.isoformat()} for (entity, id), at in latest.items()]


def grouped(items: Iterable[Item], entities: Iterable[str] | None) -> dict[str, list[str]]:
    """The standard's DeletedEntities.data: ids per entity type (each asked-for type present, maybe empty)."""
    wanted = [e for e in (entities or KEYS) if e in KEYS]
    out: dict[str, list[str]] = {KEYS[e]: [] for e in wanted}
    for item in items:
        if item["entity"] in wanted:
            out[KEYS[item["entity"]]].append(item["id"])
    return out
