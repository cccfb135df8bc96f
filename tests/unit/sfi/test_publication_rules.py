"""A publication says when: now (publishNow) or a time still ahead, at most a year; and it must change something."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import marshmallow
import pytest

from services.sfi_schedule.publications.domain import diff
from services.sfi_schedule.publications.schemas import PublicationRequestSchema
from services.sfi_schedule.publications.service import nothing_changed, schedule_time_check
from shared.errors import ValidationFailed

NOW = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 March in Stockholm


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({}, "publishAt"),  # no time: it was published at once
        ({"note": "HT"}, "publishAt"),
        ({"publishAt": None}, "publishAt"),
        ({"publishNow": False}, "publishAt"),
        ({"publishNow": True, "publishAt": "2026-09-01T08:00:00+02:00"}, "publishNow"),
        ({"publishAt": "2026-09-01T08:00:00"}, "publishAt"),  # no offset: which 08:00?
        ({"publishAt": ""}, "publishAt"),
    ],
)
def test_a_publication_request_says_when(body, pointer):
    with pytest.raises(marshmallow.ValidationError) as caught:
        PublicationRequestSchema().load(body)
    assert pointer in caught.value.messages


@pytest.mark.parametrize("body", [{"publishNow": True}, {"publishAt": "2026-09-01T08:00:00+02:00", "note": "HT26"}])
def test_now_or_a_time_is_accepted(body):
    PublicationRequestSchema().load(body)


@pytest.mark.parametrize(
    ("at", "refused"),
    [
        (NOW - timedelta(days=1), True),  # in the past: it was published at once
        (NOW - timedelta(seconds=1), True),
        (NOW, True),  # "now" is publishNow
        (NOW + timedelta(seconds=1), False),
        (NOW + timedelta(days=366), False),
        (NOW + timedelta(days=366, seconds=1), True),  # more than a year ahead
    ],
)
def test_a_scheduled_time_is_later_than_now_and_within_a_year(at, refused):
    if refused:
        with pytest.raises(ValidationFailed) as caught:
            schedule_time_check(at, now=NOW)
        assert [e.pointer for e in caught.value.errors] == ["/publishAt"]
    else:
        schedule_time_check(at, now=NOW)


DOC = {"id": "00000000-0000-0000-0000-000000000001", "name": "SFI B", "slots": [], "exceptions": [], "daysOff": [],
       "startDate": "2026-08-17", "endDate": "2026-08-17", "teacherIds": [], "room": None}  # fmt: skip


@pytest.mark.parametrize(
    ("previous", "current", "nothing"),
    [
        ({}, {}, True),  # an empty draft over an empty schedule
        ({"g1": DOC}, {"g1": dict(DOC)}, True),  # the draft is what is published
        ({}, {"g1": DOC}, False),
        ({"g1": DOC}, {}, False),
        ({"g1": DOC}, {"g1": {**DOC, "name": "SFI B kväll"}}, False),
    ],
)
def test_a_publication_without_changes_is_nothing_to_publish(previous, current, nothing):
    assert nothing_changed(diff(previous, current)) is nothing
