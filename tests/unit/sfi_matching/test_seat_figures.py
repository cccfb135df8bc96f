"""The seat figures (free seats, wait-list, seats freed lately) rank groups and estimate the wait; no rule reads them.

An enrolment judges the group with zeros for the figures (``enrolment.seat_queries.enrolment_facts`` does not count the
wait-list it is about to join), so the rules' verdict must be the same whatever the figures are: the same
refusals, the same why-nots, the same ``may_enrol`` and ``fits``. If a rule ever reads a figure, this fails and
the enrolment's read must count it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.matching.domain import Needs, judge
from services.sfi_schedule.rules.reasons import Reason
from tests.unit.sfi_matching.test_scoring import ALL, CENTRUM, EVENING, TODAY, WORKWEEK

FIGURES = [(0, 0, 0.0), (3, 0, 0.0), (0, 40, 0.0), (0, 40, 2.5), (12, 900, 0.1)]
NEEDS = [
    Needs("C"),
    Needs("C", busy=WORKWEEK),
    Needs("C", busy=(BusyWindow(2, time(13), time(17), "placement"),), path=1),
    Needs("C", parent_with_child=True, dayparts=frozenset({"morning"})),
    Needs("C", location=CENTRUM, max_km=1, distance_ok=False),
    Needs("C", blocked=(Reason("why_not.eligibility.asylum_seeker"),)),
]


def rules_of(needs: Needs, facts) -> tuple:
    v = judge(needs, facts, evening_start=EVENING, today=TODAY)
    return v.refused, v.why_not, v.may_enrol, v.fits


@pytest.mark.parametrize("needs", NEEDS)
@pytest.mark.parametrize("facts", ALL, ids=lambda g: g.name)
def test_the_rules_read_no_seat_figure(needs, facts):
    zeros = rules_of(needs, replace(facts, free_seats=0, waiting=0, freed_per_week=0.0))
    for free, waiting, freed in FIGURES:
        assert rules_of(needs, replace(facts, free_seats=free, waiting=waiting, freed_per_week=freed)) == zeros


def test_the_figures_do_move_the_ranking():
    # The control: the same figures change what only ranking reads, so the test above compares something.
    g = ALL[0]
    full = judge(Needs("C"), replace(g, free_seats=0, waiting=40), evening_start=EVENING, today=TODAY)
    free = judge(Needs("C"), replace(g, free_seats=3, waiting=0), evening_start=EVENING, today=TODAY)
    assert full.score != free.score and full.expected_wait_weeks != free.expected_wait_weeks
