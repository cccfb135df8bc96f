"""The standard's query parameters, per endpoint. Every one the standard lists is accepted; unknown ones are
ignored (a standard client may send more than we need); a malformed value is the standard's 400."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, validate

from services.sfi_schedule.calendar.model import TZ
from shared import fields

ORGANISATION_TYPES = ("Huvudman", "Verksamhetsområde", "Förvaltning", "Rektorsområde", "Skola", "Skolenhet",
                      "Varumärke", "Bolag", "Övrigt")  # fmt: skip
SCHOOL_TYPES = ("FS", "FKLASS", "FTH", "OPPFTH", "GR", "GRS", "TR", "SP", "SAM", "GY", "GYS", "VUX", "VUXSFI", "VUXGR",
                "VUXGY", "VUXSARGR", "VUXSARTR", "VUXSARGY", "SFI", "SARVUX", "SARVUXGR", "SARVUXGY", "KU", "YH", "FHS",
                "STF", "KKU", "HS", "ABU", "AU")  # fmt: skip
GROUP_TYPES = ("Undervisning", "Klass", "Mentor", "Provgrupp", "Schema", "Avdelning", "Personalgrupp", "Övrigt")
DUTY_ROLES = ("Rektor", "Lärare", "Förskollärare", "Barnskötare", "Bibliotekarie", "Lärarassistent", "Fritidspedagog",
              "Annan personal", "Studie- och yrkesvägledare", "Förstelärare", "Kurator", "Skolsköterska", "Skolläkare",
              "Skolpsykolog", "Speciallärare/specialpedagog", "Skoladministratör", "Övrig arbetsledning",
              "Övrig pedagogisk personal", "Förskolechef")  # fmt: skip
ENTITIES = ("Absence", "AttendanceEvent", "Attendance", "Grade", "CalendarEvent", "AttendanceSchedule",
            "Resource", "Room", "Activity", "Duty", "Placement", "StudyPlan", "Programme", "Syllabus",
            "SchoolUnitOffering", "Group", "Person", "Organisation")  # fmt: skip
RELATIONSHIPS = ("enrolment", "duty", "placement.child", "placement.owner", "responsibleFor.enrolment",
                 "responsibleFor.placement", "groupMembership")  # fmt: skip
_SPACED_OFFSET = re.compile(r"^(.*T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$")


class Instant(fields.Field):
    """An RFC 3339 date-time. Also taken: no offset (Stockholm wall time), a bare date (the start of that day,
    or its end with ``end_of_day``) and an offset whose ``+`` arrived as a space (an unencoded query string)."""

    def __init__(self, *, end_of_day: bool = False, **kw: Any) -> None:
        kw.setdefault("metadata", {"type": "string", "format": "date-time"})  # for the OpenAPI document
        super().__init__(**kw)
        self.end_of_day = end_of_day

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kw: Any) -> datetime:
        text = str(value).strip()
        text = _SPACED_OFFSET.sub(r"\1+\2", text)
        try:
            if len(text) == 10:
                day = datetime.combine(date.fromisoformat(text), time(0), tzinfo=TZ)
                parsed = day + timedelta(days=1, microseconds=-1) if self.end_of_day else day
            else:
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
                parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=TZ)
            parsed.astimezone(UTC).astimezone(TZ)  # representable everywhere it is used
        except (ValueError, OverflowError):
            raise ValidationError("Not an RFC 3339 date-time (like 2026-09-01T08:00:00+02:00)") from None
        return parsed


class Uuid(fields.UUID):
    """A uuid, loaded as its canonical text (the form SS 12000 items carry)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kw: Any) -> str:
        return str(super()._deserialize(value, attr, data, **kw))


def _sortkey(*keys: str) -> fields.String:
    return fields.String(validate=validate.OneOf(keys))


def _choices(*keys: str) -> fields.List:
    return fields.List(fields.String(validate=validate.OneOf(keys)))


class _Base(Schema):
    class Meta:
        unknown = EXCLUDE


class ItemQuery(_Base):
    """A single resource: ``expandReferenceNames``."""

    names = fields.Boolean(data_key="expandReferenceNames")


class ListQuery(ItemQuery):
    """What every list takes: the meta filters (``after`` exclusive, ``before`` inclusive) and paging."""

    created_before = Instant(data_key="meta.created.before", end_of_day=True)
    created_after = Instant(data_key="meta.created.after")
    modified_before = Instant(data_key="meta.modified.before", end_of_day=True)
    modified_after = Instant(data_key="meta.modified.after")
    limit = fields.Integer(validate=validate.Range(min=1), metadata={"description": "at most 500 are returned"})
    pageToken = fields.String()


class _Dated(ListQuery):
    start_on_or_before = fields.Date(data_key="startDate.onOrBefore")
    start_on_or_after = fields.Date(data_key="startDate.onOrAfter")
    end_on_or_before = fields.Date(data_key="endDate.onOrBefore")
    end_on_or_after = fields.Date(data_key="endDate.onOrAfter")


class OrganisationsQuery(_Dated):
    """``GET /organisations``."""

    parent = fields.List(Uuid())
    schoolUnitCode = fields.List(fields.String())
    organisationCode = fields.List(fields.String())
    municipalityCode = fields.String()
    type = _choices(*ORGANISATION_TYPES)
    schoolTypes = _choices(*SCHOOL_TYPES)
    sortkey = _sortkey("ModifiedDesc", "DisplayNameAsc")


class PersonQuery(ItemQuery):
    """``GET /persons/{id}``."""

    expand = _choices("duties", "responsibleFor", "placements", "ownedPlacements", "groupMemberships")


class PersonsQuery(ListQuery, PersonQuery):
    """``GET /persons``."""

    nameContains = fields.List(fields.String())
    civicNo = fields.String()
    eduPersonPrincipalName = fields.String()
    identifier_value = fields.String(data_key="identifier.value")
    identifier_context = fields.String(data_key="identifier.context")
    relationship = fields.String(data_key="relationship.entity.type", validate=validate.OneOf(RELATIONSHIPS))
    relationship_organisation = Uuid(data_key="relationship.organisation")
    relationship_start_on_or_before = fields.Date(data_key="relationship.startDate.onOrBefore")
    relationship_start_on_or_after = fields.Date(data_key="relationship.startDate.onOrAfter")
    relationship_end_on_or_before = fields.Date(data_key="relationship.endDate.onOrBefore")
    relationship_end_on_or_after = fields.Date(data_key="relationship.endDate.onOrAfter")
    sortkey = _sortkey("DisplayNameAsc", "GivenNameDesc", "GivenNameAsc", "FamilyNameDesc", "FamilyNameAsc",
                       "CivicNoAsc", "CivicNoDesc", "ModifiedDesc")  # fmt: skip


class DutyQuery(ItemQuery):
    """``GET /duties/{id}``."""

    expand = _choices("person")


class DutiesQuery(_Dated, DutyQuery):
    """``GET /duties``."""

    organisation = Uuid()
    dutyRole = fields.String(validate=validate.OneOf(DUTY_ROLES))
    person = Uuid()
    sortkey = _sortkey("StartDateDesc", "StartDateAsc", "ModifiedDesc")


class GroupQuery(ItemQuery):
    """``GET /groups/{id}``."""

    expand = _choices("assignmentRoles")


class GroupsQuery(_Dated, GroupQuery):
    """``GET /groups``."""

    groupType = _choices(*GROUP_TYPES)
    schoolTypes = _choices(*SCHOOL_TYPES)
    organisation = fields.List(Uuid())
    sortkey = _sortkey("ModifiedDesc", "DisplayNameAsc", "StartDateAsc", "StartDateDesc", "EndDateAsc", "EndDateDesc")


class SyllabusesQuery(ListQuery):
    """``GET /syllabuses``."""

    sortkey = _sortkey("ModifiedDesc", "SubjectNameAsc", "SubjectNameDesc", "SubjectCodeAsc", "SubjectCodeDesc",
                       "CourseNameAsc", "CourseNameDesc", "CourseCodeAsc", "CourseCodeDesc", "SubjectDesignationAsc",
                       "SubjectDesignationDesc")  # fmt: skip


class ActivityQuery(ItemQuery):
    """``GET /activities/{id}``."""

    expand = _choices("groups", "teachers", "syllabus")


class ActivitiesQuery(_Dated, ActivityQuery):
    """``GET /activities``."""

    member = Uuid()
    teacher = Uuid()
    organisation = Uuid()
    group = Uuid()
    sortkey = _sortkey("ModifiedDesc", "DisplayNameAsc")


class CalendarEventQuery(ItemQuery):
    """``GET /calendarEvents/{id}``."""

    expand = _choices("activity", "attendance")


class CalendarEventsQuery(ListQuery, CalendarEventQuery):
    """``GET /calendarEvents``: the start window is required (both ends inclusive)."""

    start_on_or_after = Instant(data_key="startTime.onOrAfter", required=True)
    start_on_or_before = Instant(data_key="startTime.onOrBefore", required=True, end_of_day=True)
    end_on_or_before = Instant(data_key="endTime.onOrBefore", end_of_day=True)
    end_on_or_after = Instant(data_key="endTime.onOrAfter")
    activity = Uuid()
    student = Uuid()
    teacher = Uuid()
    organisation = Uuid()
    group = Uuid()
    sortkey = _sortkey("ModifiedDesc", "StartTimeAsc", "StartTimeDesc")


class RoomsQuery(ListQuery):
    """``GET /rooms``."""

    organisation = Uuid()
    sortkey = _sortkey("ModifiedDesc", "DisplayNameAsc")


class DeletedEntitiesQuery(_Base):
    """``GET /deletedEntities``: deletions after an instant (exclusive), of some entity types."""

    after = Instant()
    entities = _choices(*ENTITIES)
    limit = fields.Integer(validate=validate.Range(min=1))
    pageToken = fields.String()
