"""The placement pages' pure parts: forms to the service's JSON, its field errors back to the form, progress."""

from __future__ import annotations

import pytest
from multidict import MultiDict

from services.gateway.web import placement_form as pf


def test_the_offer_form_becomes_one_weekly_pattern_in_the_busy_window_model():
    form = MultiDict([("workplaceId", "w"), ("title", "Språkpraktik"), ("occupation", "5321"), ("kind", "sprakpraktik"),
                      ("weekdays", "4"), ("weekdays", "2"), ("weekdays", "9"), ("start", "13:00"), ("end", "17:00:00"),
                      ("weeks", "odd"), ("startDate", "2027-01-04"), ("endDate", "2027-05-28"), ("seats", "3"),
                      ("sfiLevel", ""), ("mentorName", "Maja"), ("languages", "AR; so,")])  # fmt: skip
    body = pf.read_offer(form)
    assert body["hours"] == [{"weekdays": [2, 4], "start": "13:00", "end": "17:00", "weeks": "odd"}]
    assert (body["seats"], body["sfiLevel"], body["languages"]) == (3, None, ["ar", "so"])
    assert (
        pf.read_offer(MultiDict(seats="three"))["hours"] == [] and pf.read_offer(MultiDict(seats="x"))["seats"] == "x"
    )


def test_the_workplace_form_keeps_the_registerkontroll_flag_and_the_contacts_sign_in():
    body = pf.read_workplace(MultiDict(name="Ekorren", sector="preschool", contactName="Eva", contactSubject="eva",
                                       needsRegisterkontroll="yes"))  # fmt: skip
    assert body["needsRegisterkontroll"] is True and body["contact"]["subject"] == "eva"
    assert pf.read_workplace(MultiDict())["needsRegisterkontroll"] is False


@pytest.mark.parametrize(
    ("pointer", "field"),
    [("/hours/0/end", "end"), ("/hours", "weekdays"), ("/mentor/name", "mentorName"), ("/seats", "seats"),
     ("/hours/0/cycleWeeks", "weekdays")],
)  # fmt: skip
def test_service_pointers_lead_back_to_the_offer_forms_fields(pointer, field):
    assert pf.form_errors({pointer: "bad"}, pf.OFFER_FIELDS) == {field: "bad"}


def test_a_step_form_sends_only_what_was_filled_in():
    assert pf.read_step(MultiDict(to="agreed", on="", reason="")) == {"to": "agreed"}
    assert pf.read_step(MultiDict(to="completed", hoursDone="52,5")) == {"to": "completed", "hoursDone": 52.5}
    assert pf.read_step(MultiDict(to="completed", hoursDone="many"))["hoursDone"] == "many"  # the service names it


@pytest.mark.parametrize(
    ("row", "percent", "behind"),
    [({"started": 40, "target": 100, "expectedByNow": 50}, 40, True),
     ({"started": 60, "target": 100, "expectedByNow": 50}, 60, False),
     ({"started": 3, "target": None, "expectedByNow": None}, None, False)],
)  # fmt: skip
def test_progress_toward_the_target(row, percent, behind):
    shown = pf.progress(row)
    assert (shown["percent"], shown["behind"]) == (percent, behind)
