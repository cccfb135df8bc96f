"""The case state machine: every allowed and every forbidden transition."""

from __future__ import annotations

import itertools

import pytest

from services.validation.applications.states import (
    STATES,
    TRANSITIONS,
    IllegalTransition,
    check_transition,
    is_own_workplace,
    next_states,
)
from shared.errors import Forbidden

ALLOWED = [
    ("submitted", "mapping", "caseworker"),
    ("mapping", "supplement_requested", "caseworker"),
    ("supplement_requested", "mapping", "caseworker"),
    ("mapping", "assessment_scheduled", "caseworker"),
    ("mapping", "rejected", "caseworker"),
    ("assessment_scheduled", "assessed", "caseworker"),
    ("assessed", "decided", "decision"),
    ("decided", "closed", "caseworker"),
    ("submitted", "withdrawn", "applicant"),
    ("mapping", "withdrawn", "applicant"),
    ("supplement_requested", "withdrawn", "applicant"),
    ("assessment_scheduled", "withdrawn", "applicant"),
    ("assessed", "withdrawn", "applicant"),
]
ALLOWED_PAIRS = {(frm, to) for frm, to, _ in ALLOWED}
FORBIDDEN = [(frm, to) for frm, to in itertools.product(STATES, STATES) if (frm, to) not in ALLOWED_PAIRS]


def test_the_table_is_exactly_the_documented_workflow():
    assert {(frm, to, actor) for (frm, to), actors in TRANSITIONS.items() for actor in actors} == set(ALLOWED)


@pytest.mark.parametrize(("state", "target", "actor"), ALLOWED)
def test_allowed_transition(state, target, actor):
    check_transition(state, target, actor)


@pytest.mark.parametrize(("state", "target"), FORBIDDEN)
def test_forbidden_transition_is_409_naming_the_allowed_states(state, target):
    with pytest.raises(IllegalTransition) as info:
        check_transition(state, target, "caseworker")
    assert info.value.status == 409
    assert info.value.extra["allowed"] == next_states(state)
    assert target not in info.value.extra["allowed"]


@pytest.mark.parametrize(("state", "target", "actor"), [t for t in ALLOWED if t[2] == "caseworker"])
def test_applicant_cannot_take_caseworker_steps(state, target, actor):
    with pytest.raises(Forbidden):
        check_transition(state, target, "applicant")


@pytest.mark.parametrize("state", ["decided", "closed", "withdrawn", "rejected"])
def test_applicant_cannot_withdraw_after_a_decision_or_an_end(state):
    with pytest.raises(IllegalTransition):
        check_transition(state, "withdrawn", "applicant")


def test_decided_is_reached_only_by_recording_a_decision():
    with pytest.raises(IllegalTransition, match="decision"):
        check_transition("assessed", "decided", "caseworker")


@pytest.mark.parametrize("state", ["closed", "withdrawn", "rejected"])
def test_terminal_states_lead_nowhere(state):
    assert next_states(state) == []


def test_next_states_follow_workflow_order():
    assert next_states("mapping") == ["supplement_requested", "assessment_scheduled", "withdrawn", "rejected"]
    assert next_states("mapping", "applicant") == ["withdrawn"]


@pytest.mark.parametrize(
    ("place", "own"),
    [
        ("Solgårdens äldreboende", True),
        ("  solgårdens ÄLDREBOENDE ", True),
        ("Solgårdens äldreboende, Malmö", False),
        ("Vårdcentralen Öster", False),
    ],
)
def test_assessment_place_must_not_be_own_workplace(place, own):
    assert is_own_workplace(place, ["Solgårdens äldreboende", "Hemtjänsten"]) is own
