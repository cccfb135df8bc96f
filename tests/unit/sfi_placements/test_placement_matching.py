"""Matching placements and learners both ways: exclusions, scores and reasons in the learner's language."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID, uuid4

import pytest

from services.sfi_schedule.calendar.model import TZ, Occurrence
from services.sfi_schedule.learners.busy import clash_conflict, placement_clash
from services.sfi_schedule.learners.domain import BusyWindow
from services.sfi_schedule.matching.domain import Reason
from services.sfi_schedule.placements.domain import agreement_windows, pattern_windows
from services.sfi_schedule.placements.matching import LearnerFacts, PlacementFacts, SfiGroup, judge, learners_for
from services.sfi_schedule.placements.messages import render, texts

TODAY = date(2026, 12, 2)  # a Wednesday
END = date(2027, 3, 31)
TUE_THU = [{"weekdays": [2, 4], "start": "13:00", "end": "17:00"}]


def sessions(weekdays: tuple[int, ...], start: str, end: str, weeks: int = 12) -> tuple[Occurrence, ...]:
    out, gid = [], uuid4()
    for n in range(weeks * 7):
        day = TODAY + timedelta(days=n)
        if day.isoweekday() in weekdays:
            s = datetime.combine(day, time.fromisoformat(start), TZ)
            e = datetime.combine(day, time.fromisoformat(end), TZ)
            out.append(Occurrence(uuid4(), gid, s, s, e, "scheduled", (), None))
    return tuple(out)


def placement(**kw) -> PlacementFacts:
    base = dict(id=UUID(int=1), title="Språkpraktik", kind="sprakpraktik", occupation="5321", workplace="Lindgården",
                employer_kind="municipal", hours=pattern_windows(TUE_THU, TODAY, END), start=TODAY, end=END,
                level="B", languages=("ar",), free_seats=2)  # fmt: skip
    return PlacementFacts(**{**base, **kw})


EVENING = SfiGroup(UUID(int=2), "Kväll mån/ons", sessions((1, 3), "18:00", "21:00"))
TUE_AFTERNOON = SfiGroup(UUID(int=3), "Eftermiddag tis", sessions((2,), "13:00", "16:00"))


def learner(**kw) -> LearnerFacts:
    base = dict(id=UUID(int=9), name="Amal", language="ar", level="C", groups=(EVENING,))
    return LearnerFacts(**{**base, **kw})


def keys(reasons) -> list[str]:
    return [r.key for r in reasons]


def test_an_evening_learner_fits_a_tuesday_thursday_afternoon_placement_with_reasons():
    verdict = judge(learner(), placement(), today=TODAY)
    assert verdict.fits
    assert keys(verdict.reasons)[:3] == ["fit.hours", "fit.period", "fit.around_sfi"]
    assert "fit.language" in keys(verdict.reasons)
    assert verdict.score == 100 + 10 + 15


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"groups": (TUE_AFTERNOON,)}, "why_not.collides.sfi"),
        ({"busy": (BusyWindow(4, time(12), time(14), kind="work"),)}, "why_not.collides.work"),
        ({"busy": (BusyWindow(2, time(16), time(18), kind="placement", valid_from=date(2027, 2, 1)),)},
         "why_not.collides.placement"),
        ({"level": "A"}, "why_not.level"),
        ({"level": None}, "why_not.level"),
        ({"parent_with_child": True}, "why_not.child_care"),
        ({"location": (59.33, 18.06), "max_km": 1.0}, "why_not.too_far"),
    ],
)  # fmt: skip
def test_what_keeps_a_learner_from_a_placement(change, why):
    facts = placement(location=(59.40, 18.20))
    verdict = judge(learner(**change), facts, today=TODAY)
    assert not verdict.fits and why in keys(verdict.why_not)


def test_a_full_or_ended_placement_fits_no_one():
    assert "why_not.full" in keys(judge(learner(), placement(free_seats=0), today=TODAY).why_not)
    ended = placement(start=date(2026, 1, 1), end=date(2026, 6, 30),
                      hours=pattern_windows(TUE_THU, date(2026, 1, 1), date(2026, 6, 30)))  # fmt: skip
    assert "why_not.ended" in keys(judge(learner(), ended, today=TODAY).why_not)


def test_a_collision_names_the_group_the_time_and_the_first_day():
    verdict = judge(learner(groups=(TUE_AFTERNOON,)), placement(), today=TODAY)
    reason = next(r for r in verdict.why_not if r.key == "why_not.collides.sfi")
    assert reason.params == {"weekday": 2, "start": "13:00", "end": "17:00", "group": "Eftermiddag tis",
                             "first": "2026-12-08"}  # fmt: skip
    assert render(reason, "sv") == "krockar med SFI-gruppen Eftermiddag tis tis 13:00–17:00 (första gången 2026-12-08)"
    assert render(reason, "en").startswith("collides with the SFI group Eftermiddag tis Tue 13:00–17:00")
    assert "الثلاثاء" in render(reason, "ar")


def test_a_later_placement_does_not_collide_with_sessions_before_it_starts():
    later = placement(
        start=TODAY + timedelta(weeks=20), hours=pattern_windows(TUE_THU, TODAY + timedelta(weeks=20), END)
    )
    assert judge(learner(groups=(TUE_AFTERNOON,)), later, today=TODAY).fits  # the group's 12 weeks are over by then


def test_learners_for_a_placement_are_ranked_fits_first():
    near = learner(id=UUID(int=10), name="Bo", language="sv", location=(59.34, 18.10), district="Öster")
    far = learner(id=UUID(int=11), name="Ali", language="sv", location=(59.50, 18.50))
    busy = learner(id=UUID(int=12), name="Cem", groups=(TUE_AFTERNOON,))
    facts = placement(location=(59.339, 18.101), district="Öster")
    fits, misses = learners_for(facts, [far, busy, near], today=TODAY)
    assert [v.learner.name for v in fits] == ["Bo", "Ali"]
    assert [v.learner.name for v in misses] == ["Cem"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [("sv", "språkpraktik, tis och tors 13:00–17:00"), ("en", "language placement, Tue and Thu 13:00–17:00"),
     ("ar", "تدريب لغوي، الثلاثاء والخميس 13:00–17:00"), ("uk", "мовна практика, вт і чт 13:00–17:00"),
     ("fa", "کارآموزی زبان، سه‌شنبه و پنجشنبه 13:00–17:00"), ("ti", "ልምምድ ቋንቋ፣ ሰሉን ሓሙን 13:00–17:00")],
)  # fmt: skip
def test_reasons_are_rendered_in_the_learners_language(lang, text):
    reason = Reason("fit.hours", {"kind": "sprakpraktik", "weekdays": [2, 4], "times": ["13:00–17:00"]})
    assert texts((reason,), lang) == [{"key": "fit.hours", "params": reason.params, "text": text}]


@pytest.mark.parametrize(("lang", "name"), [("sv", "arabiska"), ("en", "Arabic"), ("ar", "العربية")])
def test_the_workplace_language_is_named_in_the_learners_language(lang, name):
    assert name in render(Reason("fit.language", {"language": "ar"}), lang)


def test_placement_clash_names_the_placement_and_refuses_with_409():
    stored = agreement_windows(TUE_THU, start=TODAY, end=END, placement_id="p-1", agreement_id="a-1",
                               title="Språkpraktik Lindgården")  # fmt: skip
    clash = placement_clash(stored, TUE_AFTERNOON.occurrences, group_id="g", group_name="Eftermiddag tis")
    assert (clash.title, clash.first, clash.window.label) == ("Språkpraktik Lindgården", date(2026, 12, 8),
                                                              "Tue 13:00–17:00")  # fmt: skip
    error = clash_conflict([clash])
    assert error.status == 409 and "Språkpraktik Lindgården" in error.detail and "Tue 13:00–17:00" in error.detail
    assert error.extra["collision"]["placementId"] == "p-1"
    assert placement_clash(stored, EVENING.occurrences, group_id="g", group_name="Kväll") is None


def test_a_cancelled_session_is_no_clash():
    stored = agreement_windows(TUE_THU, start=TODAY, end=END, placement_id="p", agreement_id="a", title="P")
    first = TUE_AFTERNOON.occurrences[0]
    cancelled = (Occurrence(first.id, first.group_id, first.start, first.start, first.end, "cancelled", (), None),)
    assert placement_clash(stored, cancelled, group_id="g", group_name="G") is None
