"""``lotsen up`` restarts a crashed service with backoff, and gives up on one that keeps crashing."""

from __future__ import annotations

import pytest

from services.cli.up import Backoff


def test_waits_double_from_one_second_up_to_the_cap():
    backoff = Backoff(first=1.0, cap=30.0, limit=10)
    assert [backoff.crashed(ran_for=2.0) for _ in range(7)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def test_a_steady_run_forgives_the_earlier_crashes():
    backoff = Backoff(first=1.0, steady=60.0)
    assert [backoff.crashed(ran_for=5.0) for _ in range(3)] == [1.0, 2.0, 4.0]
    assert backoff.crashed(ran_for=61.0) == 1.0


@pytest.mark.parametrize("limit", [1, 5])
def test_a_child_that_keeps_crashing_is_given_up_after_the_limit(limit):
    backoff = Backoff(limit=limit)
    waits = [backoff.crashed(ran_for=0.5) for _ in range(limit + 1)]
    assert None not in waits[:limit] and waits[limit] is None
