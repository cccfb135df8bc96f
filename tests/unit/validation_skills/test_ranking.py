"""The ranking rules: relevance by SSYK, months, education field, demand, wishes, and a fixed order of ties."""

from __future__ import annotations

from datetime import date

import pytest

from services.validation.catalogue.domain import RequirementProfile, Role
from services.validation.shortage.domain import Occupation, ShortageEntry
from services.validation.skills.domain import Person, Schooling, Work
from services.validation.skills.ranking import experience_relevance, rank, related_groups, relation

TODAY = date(2026, 9, 15)
USK_ROUTE = {"occupations": [{"ssyk": c} for c in ("5321", "5322", "5323", "5324", "5330", "5343")]}
BSK_ROUTE = {"occupations": [{"ssyk": c} for c in ("5311", "5312", "2343")]}
ROLES = [
    Role("underskoterska", "Undersköterska", "Assistant nurse", True,
         (RequirementProfile("usk-experience", "experience", rules=USK_ROUTE),)),
    Role("barnskotare", "Barnskötare", "Childcare worker", False,
         (RequirementProfile("bsk-experience", "experience", rules=BSK_ROUTE),
          RequirementProfile("bsk-old", "experience", valid_to=date(2020, 1, 1), rules={"occupations": [
              {"ssyk": "9111"}, {"ssyk": "5311"}]}))),
]  # fmt: skip
RELATED = related_groups(ROLES, today=TODAY)
REGISTER = {
    "5321": Occupation("5321", "Undersköterskor", "Assistant nurses", "underskoterska", ("care", "health"), "D"),
    "5343": Occupation("5343", "Personliga assistenter", "Personal assistants", None, ("care",), "C"),
    "8331": Occupation("8331", "Bussförare", "Bus drivers", None, ("transport",), "D", (), ("D",)),
    "5311": Occupation("5311", "Barnskötare", "Childcare workers", "barnskotare", ("childcare", "pedagogy"), "D"),
    "9111": Occupation("9111", "Städare", "Cleaners", None, ("cleaning",), "B"),
}


def entry(ssyk: str, level: str = "shortage") -> ShortageEntry:
    return ShortageEntry(ssyk, level, "AF", date(2026, 6, 1))


def test_route_groups_in_force_relate_occupations_and_old_routes_do_not():
    groups = tuple(frozenset(c["ssyk"] for c in route["occupations"]) for route in (USK_ROUTE, BSK_ROUTE))
    assert groups == RELATED


@pytest.mark.parametrize(
    ("worked", "target", "kind"),
    [
        ("5330", "5330", "same_occupation"),
        ("5322", "5321", "same_group"),
        ("5312", "5311", "same_group"),
        ("5330", "5321", "related"),
        ("5343", "5321", "related"),
        ("5330", "5343", "related"),
        ("2343", "5311", "related"),
        ("5311", "5330", "same_field"),
        ("8331", "5321", "none"),
        ("9111", "5311", "none"),  # only an expired route listed them together
    ],
)
def test_how_worked_occupations_relate_to_the_target(worked, target, kind):
    assert relation(worked, target, RELATED) == kind


@pytest.mark.parametrize(
    ("work", "points"),
    [
        ((Work("5330", 3),), 35),
        ((Work("5330", 1),), 35),
        ((Work("5330", 1, 50),), 17),  # six months full-time: half of 35, rounded down
        ((Work("5330", 0.5), Work("5330", 0.5)), 35),  # periods in one occupation add up
        ((Work("5330", 3), Work("5321", 0.5)), 35),  # the same occupation, but under a year, counts half (30)
        ((Work("5330", 3), Work("5321", 2)), 60),
        ((Work(None, 10, title="Vårdare"),), 0),  # no code, no points
    ],
)
def test_experience_points_take_the_best_fitting_work_and_halve_under_a_year(work, points):
    assert experience_relevance(Person(work=work), "5321", RELATED).points == points


def test_a_care_assistant_with_upper_secondary_education_gets_assistant_nurse_first():
    person = Person(education=(Schooling("upper_secondary", "other", "SY", 3),), work=(Work("5330", 3),))
    entries = [entry("8331", "large_shortage"), entry("5343", "balance"), entry("5321", "large_shortage"),
               entry("5311"), entry("9111", "balance")]  # fmt: skip
    ranked = rank(person, entries, REGISTER, RELATED)
    assert [r.entry.ssyk for r in ranked] == ["5321", "5343", "5311", "8331", "9111"]
    assert [r.score for r in ranked] == [50, 40, 25, 15, 5]


def test_a_bus_driver_does_not_get_care_roles_first():
    person = Person(education=(Schooling("upper_secondary", "transport", "IQ", 3),), work=(Work("8331", 8),))
    ranked = rank(person, [entry("5321", "large_shortage"), entry("8331", "shortage")], REGISTER, RELATED)
    assert [r.entry.ssyk for r in ranked] == ["8331", "5321"]
    assert (ranked[0].relevance.points, ranked[0].education_points, ranked[0].demand_points) == (60, 20, 10)


@pytest.mark.parametrize(
    ("level", "points"), [("university", 20), ("upper_secondary", 20), ("lower_secondary", 10), ("primary", 10)]
)
def test_education_in_the_occupation_s_field_counts_by_level(level, points):
    person = Person(education=(Schooling(level, "care", "SO", 2),))
    [ranked] = rank(person, [entry("5343")], REGISTER, RELATED)
    assert (ranked.education_field, ranked.education_points) == ("care", points)


def test_wishes_add_ten_and_surplus_occupations_are_left_out():
    person = Person(wished=frozenset({"9111"}))
    ranked = rank(person, [entry("9111", "balance"), entry("5311", "surplus")], REGISTER, RELATED)
    assert [(r.entry.ssyk, r.wish_points, r.score) for r in ranked] == [("9111", 10, 15)]


def test_ties_go_to_stronger_demand_then_the_lower_code_whatever_the_list_order():
    entries = [entry("9111", "shortage"), entry("8331", "shortage"), entry("5343", "large_shortage"),
               entry("5311", "shortage")]  # fmt: skip
    person = Person(work=(Work("5343", 0.2),))  # 5343: 30 + 15; 5311: 7 + 10; 8331 and 9111: 10 each
    orders = {tuple(r.entry.ssyk for r in rank(person, list(order), REGISTER, RELATED))
              for order in (entries, entries[::-1], entries[1:] + entries[:1])}  # fmt: skip
    assert orders == {("5343", "5311", "8331", "9111")}
