"""What one SS 12000 answer is built from: the rows read in one snapshot, the caller's options, and lookups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from services.sfi_schedule.calendar.model import TZ
from services.sfi_schedule.export.access import Access
from services.sfi_schedule.export.config import Ss12000Config
from services.sfi_schedule.export.ids import duty_id, huvudman_id, syllabus_id

SCHOOL_TYPE = "VUXSFI"
Row = Any  # an asyncpg.Record or a mapping with the same keys


@dataclass(frozen=True, slots=True)
class Options:
    """The caller's entitlements and the standard's ``expand`` / ``expandReferenceNames``."""

    access: Access = field(default_factory=Access)
    names: bool = False
    expand: frozenset[str] = frozenset()


@dataclass
class Sources:
    """Rows of one repeatable-read snapshot; ``published``/``learners``/``memberships`` only when needed."""

    config: Ss12000Config
    options: Options
    providers: list[Row] = field(default_factory=list)
    venues: list[Row] = field(default_factory=list)
    rooms: list[Row] = field(default_factory=list)
    teachers: list[Row] = field(default_factory=list)
    courses: list[Row] = field(default_factory=list)
    published: list[Row] = field(default_factory=list)
    learners: list[Row] = field(default_factory=list)
    memberships: list[Row] = field(default_factory=list)

    # -- lookups -------------------------------------------------------------------------------------------
    @cached_property
    def huvudman(self) -> str:
        """The municipality's organisation id."""
        return str(huvudman_id(self.config.municipality_name))

    @cached_property
    def provider_by_id(self) -> dict[str, Row]:
        """The providers by id."""
        return {str(r["id"]): r for r in self.providers}

    @cached_property
    def venue_by_id(self) -> dict[str, Row]:
        """The venues by id."""
        return {str(r["id"]): r for r in self.venues}

    @cached_property
    def room_by_id(self) -> dict[str, Row]:
        """The rooms by id."""
        return {str(r["id"]): r for r in self.rooms}

    @cached_property
    def teacher_by_id(self) -> dict[str, Row]:
        """The teachers by id."""
        return {str(r["id"]): r for r in self.teachers}

    @cached_property
    def course_by_syllabus(self) -> dict[str, Row]:
        """The courses by syllabus id."""
        return {str(syllabus_id(r["code"])): r for r in self.courses}

    @cached_property
    def group_by_id(self) -> dict[str, Row]:
        """The published groups by id."""
        return {str(r["group_id"]): r for r in self.published}

    @cached_property
    def learner_by_id(self) -> dict[str, Row]:
        """The visible learners by id."""
        return {str(r["id"]): r for r in self.learners}

    @cached_property
    def members_of(self) -> dict[str, list[Row]]:
        """Live groups' memberships by group id."""
        out: dict[str, list[Row]] = defaultdict(list)
        for m in self.memberships:
            if m["live"]:
                out[str(m["group_id"])].append(m)
        return out

    @cached_property
    def memberships_of(self) -> dict[str, list[Row]]:
        """Every membership by learner id (ended ones and those of removed groups included)."""
        out: dict[str, list[Row]] = defaultdict(list)
        for m in self.memberships:
            out[str(m["learner_id"])].append(m)
        return out

    def parent_of(self, org_id: str) -> str | None:
        """The organisation above ``org_id`` (venue → provider → huvudman)."""
        if org_id in self.venue_by_id:
            return str(self.venue_by_id[org_id]["provider_id"])
        return self.huvudman if org_id in self.provider_by_id else None

    def within(self, org_id: str, top: str) -> bool:
        """True when ``org_id`` is ``top`` or below it."""
        current: str | None = org_id
        while current is not None:
            if current == top:
                return True
            current = self.parent_of(current)
        return False

    # -- references ----------------------------------------------------------------------------------------
    def ref(self, id: Any, name: str | None) -> dict[str, str]:
        """An ObjectReference: ``{id}``, with ``displayName`` when the caller asked for reference names."""
        out = {"id": str(id)}
        if self.options.names and name is not None:
            out["displayName"] = name
        return out

    def org_name(self, org_id: str) -> str | None:
        """The display name of any of our organisations."""
        if org_id == self.huvudman:
            return self.config.municipality_name
        row = self.venue_by_id.get(org_id) or self.provider_by_id.get(org_id)
        return row["name"] if row else None

    def org_ref(self, org_id: Any) -> dict[str, str]:
        """An OrganisationReference."""
        return self.ref(org_id, self.org_name(str(org_id)))

    def learner_name(self, learner_id: Any) -> str | None:
        """A visible learner's display name."""
        row = self.learner_by_id.get(str(learner_id))
        return row["display_name"] if row else None

    def duty_ref(self, teacher_id: Any) -> dict[str, str]:
        """A DutyReference to a teacher's duty; its name is the teacher's."""
        row = self.teacher_by_id.get(str(teacher_id))
        return self.ref(duty_id(teacher_id), row["name"] if row else None)


def meta(created: datetime, modified: datetime) -> dict[str, str]:
    """SS 12000 ``meta`` (RFC 3339 with offset)."""
    return {"created": created.isoformat(), "modified": max(created, modified).isoformat()}


def local_date(value: datetime) -> str:
    """The Stockholm calendar date of an instant."""
    return value.astimezone(TZ).date().isoformat()
