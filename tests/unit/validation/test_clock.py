"""The clock gives Swedish time and dates, whatever zone its source reports in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from services.validation.clock import Clock, local_date


@pytest.mark.parametrize(
    ("moment", "today", "offset"),
    [
        pytest.param(datetime(2025, 6, 1, 23, 30, tzinfo=UTC), "2025-06-02", 2, id="summer-night-utc"),
        pytest.param(datetime(2025, 12, 31, 23, 30, tzinfo=UTC), "2026-01-01", 1, id="new-year-utc"),
        pytest.param(datetime(2025, 3, 30, 0, 59, tzinfo=UTC), "2025-03-30", 1, id="before-the-spring-shift"),
        pytest.param(datetime(2025, 3, 30, 1, 0, tzinfo=UTC), "2025-03-30", 2, id="after-the-spring-shift"),
        pytest.param(datetime(2025, 6, 1, 20, 0, tzinfo=timezone(timedelta(hours=-5))), "2025-06-02", 2, id="new-york"),
        pytest.param(datetime(2025, 6, 1, 12, 0, tzinfo=UTC), "2025-06-01", 2, id="midday"),
    ],
)
def test_today_is_the_date_in_stockholm(moment, today, offset):
    clock = Clock(lambda: moment)
    assert clock.today().isoformat() == today and clock.now().utcoffset() == timedelta(hours=offset)
    assert local_date(moment).isoformat() == today
