"""The rules that keep a learner out of a group (``refusals``): one check for matching, enrolment and offers.

A refusal is also a why-not of matching, and only refusals make ``may_enrol`` false; a preference (too far,
distance study not wanted) leaves a group out of the proposals but never refuses a seat.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.matching.domain import Needs, judge
from services.sfi_schedule.matching.fit import learner_blocks
from services.sfi_schedule.rules.reasons import Reason
from tests.unit.sfi_matching.test_scoring import AFTERNOON, EVENING_GROUP, MORNING, PRESCHOOL, TODAY, group

EVENING_2_3 = group("kväll 2-3", (2, "18:00", "21:00"), variant="evening", evening_paths=frozenset({2, 3}))
FAR = (59.8586, 17.6389)  # Uppsala: about 64 km from Centrum
NOT_ELIGIBLE = (Reason("why_not.eligibility.asylum_seeker"),)


def window(kind: str, day: int = 2, start: int = 13, end: int = 17) -> BusyWindow:
    return BusyWindow(day, time(start), time(end), kind)


@pytest.mark.parametrize(
    ("needs", "facts", "refused"),
    [
        (Needs("C", busy=(window("work"),)), AFTERNOON, ["why_not.collides.work"]),
        (Needs("C", busy=(window("placement"),)), AFTERNOON, ["why_not.collides.placement"]),  # a work placement
        (Needs("C", busy=(window("other"),)), AFTERNOON, ["why_not.collides.other"]),
        (Needs("C", busy=(window("placement", day=3),)), AFTERNOON, []),  # another weekday
        (Needs("C", busy=(window("placement", start=16, end=18),)), AFTERNOON, []),  # ends as the placement starts
        (Needs("C"), PRESCHOOL, ["why_not.open_preschool_only"]),  # not on parental leave with the child
        (Needs("C", parent_with_child=True), PRESCHOOL, []),
        (Needs("C", path=1), EVENING_2_3, ["why_not.evening_path"]),  # the provider's evening-paths policy
        (Needs("C", path=2), EVENING_2_3, []),
        (Needs("C", path=1), EVENING_GROUP, []),  # no policy: evening groups on every path
        (Needs("C", path=None), EVENING_2_3, []),  # a path not given is not judged
        (Needs("C", path=1), MORNING, []),  # the policy is for evening groups only
        (Needs("C", blocked=NOT_ELIGIBLE), MORNING, ["why_not.eligibility.asylum_seeker"]),
        (
            Needs("C", path=1, blocked=NOT_ELIGIBLE, busy=(window("work", start=18, end=22),)),
            EVENING_2_3,
            ["why_not.eligibility.asylum_seeker", "why_not.collides.work", "why_not.evening_path"],
        ),
    ],
)
def test_the_rules_that_refuse_a_seat(needs, facts, refused):
    verdict = judge(needs, facts, evening_start=time(17), today=TODAY)
    assert [r.key for r in verdict.refused] == refused
    assert verdict.may_enrol is (not refused)
    assert all(r in verdict.why_not for r in verdict.refused)  # matching says every refusal


@pytest.mark.parametrize(
    ("needs", "facts", "why_not"),
    [
        (Needs("C", location=FAR, max_km=10), MORNING, ["why_not.too_far"]),
        (Needs("C", distance_ok=False), group("distans", (2, "09:00", "12:00"), distance=True),
         ["why_not.distance_study"]),
    ],
)  # fmt: skip
def test_preferences_leave_a_group_out_but_refuse_nothing(needs, facts, why_not):
    verdict = judge(needs, facts, evening_start=time(17), today=TODAY)
    assert [r.key for r in verdict.why_not] == why_not and not verdict.fits
    assert verdict.refused == () and verdict.may_enrol


ADULT = {"path": 1, "birth_date": date(1990, 1, 1), "residence": "resident", "placement_course": None}


@pytest.mark.parametrize(
    ("profile", "course", "results", "keys"),
    [
        (ADULT, "A", [], []),
        (ADULT, "B", [], ["why_not.course.needs_previous"]),
        (ADULT, "B", [{"course_code": "A", "grade": "G"}], []),
        ({**ADULT, "path": 3}, "A", [], ["why_not.course.not_on_path"]),
        ({**ADULT, "residence": "asylum_seeker"}, "A", [], ["why_not.eligibility.asylum_seeker"]),
        ({**ADULT, "birth_date": date(2011, 1, 1)}, "A", [], ["why_not.eligibility.too_young"]),
        ({**ADULT, "birth_date": None, "residence": None}, "A", [],
         ["why_not.eligibility.birth_date_unknown", "why_not.eligibility.residence_unknown"]),
        # Posted constraints (no stored learner): only the study path is known, so only it is judged.
        ({"path": 3}, "A", None, ["why_not.course.not_on_path"]),
        ({"path": 1}, "D", None, []),
        ({"path": None}, "D", None, []),
    ],
)  # fmt: skip
def test_what_blocks_a_learner_from_every_group_of_a_course(profile, course, results, keys):
    blocks = learner_blocks(profile, course=course, today=date(2026, 9, 1), results=results)
    assert [r.key for r in blocks] == keys
