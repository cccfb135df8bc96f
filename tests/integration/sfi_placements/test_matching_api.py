"""Matching both ways through the API: a learner's placements, a placement's learners, reasons in the language."""

from __future__ import annotations

import asyncpg

from tests.integration.sfi_enrolment.conftest import add_group, make_base, make_learner, publish, resident
from tests.integration.sfi_placements.conftest import caseworker, make_placement, make_workplace, move, propose

EVENING = [{"weekday": 1, "start": "18:00", "end": "21:00", "interval": "every"},
           {"weekday": 3, "start": "18:00", "end": "21:00", "interval": "every"}]  # fmt: skip
TUE_PM = [{"weekday": 2, "start": "13:00", "end": "16:00", "interval": "every"}]


async def _schedule(api):
    s = await make_base(api)
    await add_group(api, s, "Kväll mån/ons", variant="evening", slots=EVENING)
    await add_group(api, s, "Tisdag eftermiddag", slots=TUE_PM)
    await publish(api)
    return s


async def _enrol(api, s, sub, group):
    await api.call("POST", f"/v1/groups/{s.groups[group]}/enrolments", json={}, headers=resident(sub), status=201)


async def test_a_learner_sees_the_placements_that_fit_their_sfi_group_level_and_child_care(api):
    s = await _schedule(api)
    workplace = await make_workplace(api)
    care = await make_placement(api, workplace["id"])  # Tue/Thu 13–17, level B
    friday = [{"weekdays": [5], "start": "08:00", "end": "12:00"}]
    advanced = await make_placement(api, workplace["id"], title="Yrkespraktik undersköterska", kind="yrkespraktik",
                                    sfiLevel="D", hours=friday)  # fmt: skip
    await make_learner(api, "amal", path=3, preferredLanguage="ar")
    await _enrol(api, s, "amal", "Kväll mån/ons")
    _, answer = await api.call("POST", "/v1/placements/matches", json={}, headers=resident("amal"), status=200)
    assert answer["language"] == "ar"
    assert [m["placementId"] for m in answer["data"]] == [care["id"]]
    miss = answer["nearMisses"][0]
    assert miss["placementId"] == advanced["id"] and [w["key"] for w in miss["whyNot"]] == ["why_not.level"]
    assert "يتحدثون العربية" in " ".join(r["text"] for r in answer["data"][0]["reasons"])

    await make_learner(api, "bo", path=3, preferredLanguage="en")
    await _enrol(api, s, "bo", "Tisdag eftermiddag")
    _, answer = await api.call("POST", "/v1/placements/matches", json={"language": "sv"}, headers=resident("bo"),
                               status=200)  # fmt: skip
    why = {w["key"]: w["text"] for m in answer["nearMisses"] if m["placementId"] == care["id"] for w in m["whyNot"]}
    assert why["why_not.collides.sfi"].startswith("krockar med SFI-gruppen Tisdag eftermiddag tis 13:00–17:00")

    await make_learner(api, "cia", path=3, parentalLeaveWithChild=True)
    _, answer = await api.call("POST", "/v1/placements/matches", json={}, headers=resident("cia"), status=200)
    assert answer["data"] == []
    assert all("why_not.child_care" in [w["key"] for w in m["whyNot"]] for m in answer["nearMisses"])


async def test_a_placement_already_asked_for_is_not_offered_again(api):
    workplace = await make_workplace(api)
    offer = await make_placement(api, workplace["id"])
    await make_learner(api, "amal", path=3)
    await api.call("POST", f"/v1/placements/{offer['id']}/agreements", json={}, headers=resident("amal"), status=201)
    _, answer = await api.call("POST", "/v1/placements/matches", json={}, headers=resident("amal"), status=200)
    assert answer["data"] == answer["nearMisses"] == []


async def test_staff_see_the_learners_who_fit_a_placement_and_protected_ones_by_name_only(api, db_url):
    s = await _schedule(api)
    workplace = await make_workplace(api)
    offer = await make_placement(api, workplace["id"])
    await make_learner(api, "amal", path=3, displayName="Amal", email="amal@example.se")
    await _enrol(api, s, "amal", "Kväll mån/ons")
    await make_learner(api, "bo", path=3, displayName="Bo")
    await _enrol(api, s, "bo", "Tisdag eftermiddag")
    hidden = await make_learner(api, "dana", path=3, displayName="Dana", protectedIdentity=True)
    _, answer = await api.call("GET", f"/v1/placements/{offer['id']}/candidates?language=en", headers=caseworker(),
                               status=200)  # fmt: skip
    assert {m["name"] for m in answer["data"]} == {"Amal", "Dana"}
    assert [m["name"] for m in answer["nearMisses"]] == ["Bo"]
    assert answer["nearMisses"][0]["whyNot"][0]["text"].startswith("collides with the SFI group Tisdag eftermiddag")
    assert all(set(m) == {"learnerId", "name", "level", "score", "summary", "reasons", "whyNot"}
               for m in answer["data"])  # no contact data in the list  # fmt: skip
    conn = await asyncpg.connect(db_url)
    try:
        reads = await conn.fetch("SELECT learner_id, purpose FROM sfi.learner_reads")
    finally:
        await conn.close()
    assert [(str(r["learner_id"]), r["purpose"]) for r in reads] == [(hidden["id"], "placement matching")]
    await api.call("GET", f"/v1/placements/{offer['id']}/candidates", headers=resident("amal"), status=403)


async def test_a_learner_with_an_agreed_placement_is_no_candidate_for_a_colliding_one(api):
    workplace = await make_workplace(api)
    first = await make_placement(api, workplace["id"])
    second = await make_placement(api, workplace["id"], title="Kök torsdag", occupation="5120",
                                  hours=[{"weekdays": [4], "start": "16:00", "end": "19:00"}])  # fmt: skip
    amal = await make_learner(api, "amal", path=3, displayName="Amal")
    await move(api, await propose(api, first["id"], amal["id"]), "agreed")
    _, answer = await api.call("GET", f"/v1/placements/{second['id']}/candidates", status=200)
    assert [w["key"] for w in answer["nearMisses"][0]["whyNot"]] == ["why_not.collides.placement"]
