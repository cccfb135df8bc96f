"""Which details each kind of outcome record carries."""

from __future__ import annotations

import pytest

from services.sfi_schedule.followup.domain import check_outcome
from shared.errors import ValidationFailed


@pytest.mark.parametrize(
    "record",
    [
        {"kind": "work", "extentPercent": 50, "employmentForm": "hourly"},
        {"kind": "work", "ssyk": "5321", "extentPercent": 100, "employmentForm": "permanent"},
        {"kind": "studies", "studyKind": "komvux"},
        {"kind": "placement", "placementKind": "sprakpraktik"},
        {"kind": "job_seeking"},
        {"kind": "parental_leave"},
        {"kind": "other", "ssyk": None},
    ],
)
def test_a_record_with_the_details_of_its_kind_is_accepted(record):
    check_outcome(record)


@pytest.mark.parametrize(
    ("record", "pointers"),
    [
        ({"kind": "work", "extentPercent": 50}, ["/employmentForm"]),
        ({"kind": "work", "studyKind": "sfi", "extentPercent": 50, "employmentForm": "hourly"}, ["/studyKind"]),
        ({"kind": "studies"}, ["/studyKind"]),
        ({"kind": "placement", "ssyk": "5321"}, ["/ssyk", "/placementKind"]),
        ({"kind": "job_seeking", "extentPercent": 100}, ["/extentPercent"]),
    ],
)
def test_details_of_another_kind_or_missing_ones_are_refused_by_name(record, pointers):
    with pytest.raises(ValidationFailed) as caught:
        check_outcome(record)
    assert [e.pointer for e in caught.value.errors] == pointers
