"""Placement agreements through the sfi API: the states, the registerkontroll date, hours, who may do what."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.sfi_enrolment.conftest import TODAY, make_learner, resident
from tests.integration.sfi_placements.conftest import (
    caseworker,
    contact,
    make_placement,
    make_workplace,
    move,
    propose,
)


async def _offer(api, **workplace):
    workplace = await make_workplace(api, **workplace)
    return await make_placement(api, workplace["id"])


async def test_an_agreement_goes_proposed_agreed_ongoing_completed_with_its_history(api):
    offer = await _offer(api)
    learner = await make_learner(api, "amal", path=3)
    agreement = await propose(api, offer["id"], learner["id"])
    assert agreement["state"] == "proposed" and agreement["mentorName"] == "Maja Handledare"
    assert agreement["plannedHours"] == offer["plannedHours"]
    agreement = await move(api, agreement, "agreed")
    agreement = await move(api, agreement, "ongoing", headers=contact())  # the workplace starts it
    agreement = await move(api, agreement, "completed", hoursDone=96.5, headers=contact())
    assert (agreement["state"], agreement["startedOn"], agreement["endedOn"], agreement["hoursDone"]) == (
        "completed", TODAY.isoformat(), TODAY.isoformat(), 96.5)  # fmt: skip
    assert [h["action"] for h in agreement["history"]] == ["proposed", "agreed", "ongoing", "completed"]
    await move(api, agreement, "ended_early", reason="late", status=409)


async def test_states_cannot_be_skipped_and_updates_need_the_current_version(api):
    offer = await _offer(api)
    learner = await make_learner(api, "amal", path=3)
    agreement = await propose(api, offer["id"], learner["id"])
    problem = await move(api, agreement, "ongoing", headers=caseworker(), status=409)
    assert "can become agreed or ended_early" in problem["detail"]
    await api.call("POST", f"/v1/placement-agreements/{agreement['id']}/transitions", json={"to": "agreed"},
                   headers=caseworker(), status=428)  # fmt: skip
    await move(api, {**agreement, "version": 7}, "agreed", status=412)
    problem = await move(api, agreement, "ended_early", headers=caseworker(), status=422)
    assert problem["errors"][0]["pointer"] == "/reason"
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    problem = await move(api, agreement, "agreed", on=tomorrow, headers=caseworker(), status=422)
    assert problem["errors"][0]["pointer"] == "/on"


async def test_a_preschool_placement_is_agreed_only_with_a_valid_registerkontroll_date(api):
    offer = await _offer(api, name="Förskolan Ekorren", sector="preschool", needsRegisterkontroll=True)
    learner = await make_learner(api, "amal", path=3)
    agreement = await propose(api, offer["id"], learner["id"])
    problem = await move(api, agreement, "agreed", headers=caseworker(), status=409)
    assert "registerkontroll" in problem["detail"]
    for shown in [(TODAY + timedelta(days=3)).isoformat(), (TODAY - timedelta(days=400)).isoformat()]:
        await move(api, agreement, "agreed", registerkontrollShownOn=shown, status=422)
    shown = (TODAY - timedelta(days=10)).isoformat()
    agreed = await move(api, agreement, "agreed", registerkontrollShownOn=shown)
    assert agreed["registerkontroll"]["required"] is True and agreed["registerkontroll"]["shownOn"] == shown
    assert set(agreed["registerkontroll"]) == {"required", "shownOn", "validUntil"}  # the date only, never an extract


async def test_the_learner_asks_for_a_placement_and_may_end_it_but_not_agree_it(api):
    offer = await _offer(api)
    await make_learner(api, "amal", path=3)
    other = await make_learner(api, "bo", path=3)
    await api.call("POST", f"/v1/placements/{offer['id']}/agreements", json={"learnerId": other["id"]},
                   headers=resident("amal"), status=403)  # fmt: skip
    _, agreement = await api.call("POST", f"/v1/placements/{offer['id']}/agreements", json={},
                                  headers=resident("amal"), status=201)  # fmt: skip
    await move(api, agreement, "agreed", headers=resident("amal"), status=403)
    await api.call("GET", f"/v1/placement-agreements/{agreement['id']}", headers=resident("bo"), status=404)
    _, mine = await api.call("GET", "/v1/placement-agreements", headers=resident("amal"), status=200)
    assert [a["id"] for a in mine["data"]] == [agreement["id"]]
    _, none = await api.call("GET", "/v1/placement-agreements", headers=resident("bo"), status=200)
    assert none["data"] == []
    ended = await move(api, agreement, "ended_early", reason="I got a job", headers=resident("amal"))
    assert (ended["state"], ended["endReason"]) == ("ended_early", "I got a job")
    _, seen = await api.call("GET", f"/v1/placements/{offer['id']}", status=200)
    assert seen["freeSeats"] == 3  # an agreement ended early gives its seat back


async def test_the_workplace_records_hours_and_another_workplace_sees_nothing(api):
    offer = await _offer(api)
    learner = await make_learner(api, "amal", path=3)
    agreement = await move(api, await propose(api, offer["id"], learner["id"]), "agreed")
    path = f"/v1/placement-agreements/{agreement['id']}"
    version = {"If-Match": f'"v{agreement["version"]}"'}
    _, amended = await api.call("PATCH", path, json={"hoursDone": 12, "mentorName": "Ali Handledare"},
                                headers={**contact(), **version}, status=200)  # fmt: skip
    assert (amended["hoursDone"], amended["mentorName"]) == (12.0, "Ali Handledare")
    await api.call("GET", path, headers=contact("contact-2"), status=404)
    _, listed = await api.call("GET", "/v1/placement-agreements", headers=contact("contact-2"), status=200)
    assert listed["data"] == []
    _, problem = await api.call("PATCH", path, json={"endDate": "2099-01-01"},
                                headers={**contact(), "If-Match": f'"v{amended["version"]}"'}, status=422)  # fmt: skip
    assert problem["errors"][0]["pointer"] == "/endDate"


async def test_a_learner_has_one_open_agreement_per_placement_and_a_withdrawn_offer_takes_none(api):
    offer = await _offer(api)
    learner = await make_learner(api, "amal", path=3)
    await propose(api, offer["id"], learner["id"])
    _, problem = await api.call("POST", f"/v1/placements/{offer['id']}/agreements", json={"learnerId": learner["id"]},
                                status=409)  # fmt: skip
    assert "already has an open agreement" in problem["detail"]
    await api.call("POST", f"/v1/placements/{offer['id']}/agreements", json={}, status=422)  # staff name the learner
    await api.call("POST", f"/v1/placements/{offer['id']}/agreements", json={"learnerId": learner["id"],
                   "startDate": (TODAY - timedelta(days=3)).isoformat()}, status=422)  # fmt: skip
