"""The publication page refuses an empty, unreadable, past or too distant time itself (before asking the service)."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.gateway.web.views.admin import STOCKHOLM, scheduled_at

NOW = datetime(2026, 10, 25, 1, 30, tzinfo=STOCKHOLM)  # the night the clocks go back


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "empty"),
        ("i morgon", "publishAt"),
        ("2026-10-25T01:00", "past"),
        ("2026-10-25T01:30", "past"),  # now is not later
        ("2026-10-25T08:00", ""),
        ("2027-10-24T08:00", ""),
        ("2027-10-26T08:00", "range"),  # more than a year ahead
    ],
)
def test_the_typed_swedish_time(typed, problem):
    at, found = scheduled_at(typed, now=NOW)
    assert found == problem and (at is None) == bool(problem)
    if at is not None:
        assert datetime.fromisoformat(at).utcoffset() is not None
