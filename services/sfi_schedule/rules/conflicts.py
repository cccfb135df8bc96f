"""Double-booking: no teacher or room in two overlapping occurrences, compared on expanded occurrences."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from services.sfi_schedule.calendar.model import Occurrence


@dataclass(frozen=True, slots=True)
class Booked:
    """Another group's occurrences, with the name to put in a refusal."""

    group_id: UUID
    group_name: str
    occurrences: Sequence[Occurrence]


@dataclass(frozen=True, slots=True)
class Clash:
    """One double-booking: which resource, which other group, on which date and when."""

    resource: str
    resource_id: UUID
    other_group_id: UUID
    other_group_name: str
    date: date
    start: datetime
    end: datetime
    other_start: datetime
    other_end: datetime

    def as_json(self) -> dict[str, str]:
        """The camelCase member of a 409 problem's ``conflicts`` list."""
        return {
            "resource": self.resource,
            "resourceId": str(self.resource_id),
            "otherGroupId": str(self.other_group_id),
            "otherGroupName": self.other_group_name,
            "date": self.date.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "otherStart": self.other_start.isoformat(),
            "otherEnd": self.other_end.isoformat(),
        }


def _resources(occ: Occurrence) -> list[tuple[str, UUID]]:
    out = [("teacher", t) for t in occ.teacher_ids]
    if occ.room_id is not None:
        out.append(("room", occ.room_id))
    return out


Index = dict[tuple[str, UUID, date], list[tuple[Occurrence, Booked]]]


def _index(others: Iterable[Booked]) -> Index:
    """Active occurrences by resource and local date (sessions never cross midnight)."""
    index: Index = defaultdict(list)
    for booked in others:
        for occ in booked.occurrences:
            if occ.active:
                for kind, rid in _resources(occ):
                    index[(kind, rid, occ.start.date())].append((occ, booked))
    return index


def _clashes(mine: Sequence[Occurrence], index: Index, *, skip: UUID | None = None) -> list[Clash]:
    clashes: list[Clash] = []
    for occ in mine:
        if not occ.active:
            continue
        for kind, rid in _resources(occ):
            for other, booked in index.get((kind, rid, occ.start.date()), ()):
                if booked.group_id != skip and occ.start < other.end and other.start < occ.end:
                    clashes.append(
                        Clash(
                            kind,
                            rid,
                            booked.group_id,
                            booked.group_name,
                            occ.start.date(),
                            occ.start,
                            occ.end,
                            other.start,
                            other.end,
                        )
                    )
    return sorted(clashes, key=lambda c: (c.date, c.start, c.resource, str(c.other_group_id)))


def find_conflicts(mine: Sequence[Occurrence], others: Iterable[Booked]) -> list[Clash]:
    """Every overlap of an active occurrence of ``mine`` with an active occurrence of another group."""
    return _clashes(mine, _index(others))


def conflicts_among(groups: Sequence[Booked]) -> dict[UUID, list[Clash]]:
    """For each group that collides with another of ``groups``, its clashes exactly as ``find_conflicts`` finds them.

    One index of every occurrence serves all groups, so checking n groups costs one pass, not n.
    """
    index = _index(groups)
    out: dict[UUID, list[Clash]] = {}
    for group in groups:
        clashes = _clashes(group.occurrences, index, skip=group.group_id)
        if clashes:
            out[group.group_id] = clashes
    return out
