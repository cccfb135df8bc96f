"""The pure matching score: collisions named, dayparts, open preschool first, distance, rotating rotas."""

from __future__ import annotations

from datetime import date, time
from uuid import UUID, uuid5

import pytest

from services.sfi_schedule.calendar.days_off import days_off
from services.sfi_schedule.calendar.expand import expand
from services.sfi_schedule.calendar.model import GroupPlan, Slot
from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.matching.domain import GroupFacts, Needs, haversine_km, rank
from services.sfi_schedule.rules.messages import render

NS = UUID("00000000-0000-0000-0000-000000000000")
TODAY = date(2026, 9, 1)
EVENING = time(17)
WORKWEEK = tuple(BusyWindow(d, time(8), time(17)) for d in range(1, 6))
CENTRUM = (59.3293, 18.0686)


def group(name: str, *slots: tuple[int, str, str], variant: str = "standard", **kw) -> GroupFacts:
    gid = uuid5(NS, name)
    plan = GroupPlan(
        gid, date(2026, 8, 31), date(2026, 10, 30),
        tuple(Slot(d, time.fromisoformat(a), time.fromisoformat(b), kw.pop("interval", "every")) for d, a, b in slots),
    )  # fmt: skip
    occurrences = tuple(expand(plan, days_off(plan.start_date, plan.end_date), window=(TODAY, date(2026, 10, 27))))
    facts = {"course": "C", "venue_kind": "school", "free_seats": 3, "location": CENTRUM, **kw}
    return GroupFacts(id=gid, name=name, variant=variant, occurrences=occurrences, **facts)


MORNING = group("morgon", (1, "09:00", "12:00"), (3, "09:00", "12:00"))
AFTERNOON = group("eftermiddag", (2, "13:00", "16:00"))
EVENING_GROUP = group("kväll", (2, "18:00", "21:00"), (4, "18:00", "21:00"), variant="evening")
EARLY_EVENING = group("tidig kväll", (1, "17:00", "19:30"), variant="evening")
SATURDAY = group("lördag", (6, "10:00", "13:00"))
PRESCHOOL = group("öppna förskolan", (2, "10:00", "12:00"), variant="parental_leave_open_preschool",
                  venue_kind="open_preschool", child_present=True)  # fmt: skip
ALL = [MORNING, AFTERNOON, EVENING_GROUP, EARLY_EVENING, SATURDAY, PRESCHOOL]


def names(verdicts) -> list[str]:
    return [v.group.name for v in verdicts]


def test_a_learner_working_mon_to_fri_8_to_17_gets_only_evening_or_weekend_groups():
    fits, misses = rank(Needs("C", busy=WORKWEEK), ALL, evening_start=EVENING, today=TODAY)
    assert set(names(fits)) == {"kväll", "tidig kväll", "lördag"}
    for v in misses:
        if v.group.name != "öppna förskolan":
            assert any(r.key == "why_not.collides.work" for r in v.why_not), v.group.name


def test_every_group_left_out_for_a_collision_names_the_shift():
    shift = BusyWindow(2, time(14), time(22))
    _, misses = rank(Needs("C", busy=(shift,)), [AFTERNOON, EVENING_GROUP], evening_start=EVENING, today=TODAY)
    assert names(misses) == ["eftermiddag", "kväll"]
    for v in misses:
        (reason,) = v.why_not
        assert render(reason, "en").startswith("collides with your shift Tue 14:00–22:00")
        assert render(reason, "sv").startswith("krockar med ditt arbetspass tis 14:00–22:00")


def test_a_parent_on_leave_with_a_child_gets_open_preschool_groups_first():
    fits, _ = rank(Needs("C", parent_with_child=True), ALL, evening_start=EVENING, today=TODAY)
    assert names(fits)[0] == "öppna förskolan"
    assert any(r.key == "fit.open_preschool" for r in fits[0].reasons)


def test_open_preschool_groups_are_not_offered_to_learners_without_a_child_on_leave():
    fits, misses = rank(Needs("C"), [PRESCHOOL], evening_start=EVENING, today=TODAY)
    assert fits == [] and [r.key for r in misses[0].why_not] == ["why_not.open_preschool_only"]


@pytest.mark.parametrize(
    ("weeks", "extra", "collides"),
    [
        ("every", {}, True),
        ("odd", {}, True),  # 2026-09-01 is in ISO week 36 (even), week 37 is odd: the rota bites
        ("cycle", {"cycle_length": 3, "cycle_weeks": (2,), "cycle_anchor": date(2026, 8, 31)}, True),
        ("every", {"valid_to": date(2026, 8, 30)}, False),  # a placement that ended before the group starts
    ],
)
def test_rotating_and_time_limited_busy_windows(weeks, extra, collides):
    window = BusyWindow(2, time(18), time(20), kind="placement", weeks=weeks, **extra)
    _, misses = rank(Needs("C", busy=(window,)), [EVENING_GROUP], evening_start=EVENING, today=TODAY)
    assert bool(misses) is collides
    if collides:
        reason = misses[0].why_not[0]
        assert reason.key == "why_not.collides.placement"
        assert 0 < reason.params["sessions"] < reason.params["total"] or weeks == "every"


def test_odd_week_rota_collides_only_in_odd_weeks():
    window = BusyWindow(2, time(18), time(20), weeks="odd")
    busy_days = [o.start.date() for o in EVENING_GROUP.occurrences if window.overlaps(o.start, o.end)]
    assert busy_days and all(d.isocalendar().week % 2 == 1 for d in busy_days)


@pytest.mark.parametrize(
    ("max_km", "fits"),
    [(10.0, True), (1.0, False), (None, True)],
)
def test_travel_distance_limit(max_km, fits):
    far = group("söder", (6, "10:00", "13:00"), location=(59.3000, 18.0700))  # about 3.3 km south
    got, misses = rank(Needs("C", location=CENTRUM, max_km=max_km), [far], evening_start=EVENING, today=TODAY)
    assert bool(got) is fits
    if not fits:
        assert misses[0].why_not[0].key == "why_not.too_far"


@pytest.mark.parametrize(("distance_ok", "fits"), [(True, True), (False, False)])
def test_distance_study_only_when_wanted(distance_ok, fits):
    online = group("distans", (3, "18:00", "20:00"), distance=True, venue_kind="digital", location=None)
    got, _ = rank(Needs("C", distance_ok=distance_ok), [online], evening_start=EVENING, today=TODAY)
    assert bool(got) is fits


def test_preferred_dayparts_rank_higher_and_other_courses_are_ignored():
    other_course = group("kurs D", (6, "10:00", "13:00"), course="D")
    fits, misses = rank(Needs("C", dayparts=frozenset({"evening"})), [SATURDAY, EVENING_GROUP, other_course],
                        evening_start=EVENING, today=TODAY)  # fmt: skip
    assert names(fits) == ["kväll", "lördag"] and misses == []


def test_full_group_gives_an_expected_wait_from_recent_turnover():
    full = group("full", (6, "10:00", "13:00"), free_seats=0, waiting=5, freed_per_week=2.0)
    (verdict,), _ = rank(Needs("C"), [full], evening_start=EVENING, today=TODAY)
    assert verdict.expected_wait_weeks == 3
    unknown = group("okänd", (6, "10:00", "13:00"), free_seats=0, waiting=5)
    (verdict,), _ = rank(Needs("C"), [unknown], evening_start=EVENING, today=TODAY)
    assert verdict.expected_wait_weeks is None


def test_reason_texts_read_like_a_person_wrote_them():
    (verdict,), _ = rank(Needs("C", location=(59.3400, 18.0686)), [EVENING_GROUP], evening_start=EVENING,
                         today=TODAY)  # fmt: skip
    texts = [render(r, "en") for r in verdict.reasons]
    assert texts[0] == "evening, Tue and Thu 18:00–21:00"
    assert texts[1] == "1.2 km away"
    assert render(verdict.reasons[0], "sv") == "kväll, tis och tors 18:00–21:00"
    assert render(verdict.reasons[0], "ar")


def test_haversine_stockholm_to_gothenburg_is_about_398_km():
    assert haversine_km((59.3293, 18.0686), (57.7089, 11.9746)) == pytest.approx(398, abs=2)
