"""An agreed placement is busy time: SFI changes that would collide are refused, naming the placement and time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from services.sfi_schedule.app import create_app
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.publications import queries as publications
from services.sfi_schedule.publications.service import publish_due
from shared.db import DB_POOL, transaction
from tests.integration.sfi_enrolment.conftest import (
    add_group,
    admin,
    app_settings,
    make_base,
    make_learner,
    publish,
    resident,
)
from tests.integration.sfi_placements.conftest import make_placement, make_workplace, move, propose

EVENING = [{"weekday": 1, "start": "18:00", "end": "21:00", "interval": "every"},
           {"weekday": 3, "start": "18:00", "end": "21:00", "interval": "every"}]  # fmt: skip
TUE_THU_PM = [{"weekday": 2, "start": "13:00", "end": "16:00", "interval": "every"},
              {"weekday": 4, "start": "13:00", "end": "16:00", "interval": "every"}]  # fmt: skip
FRIDAY_PM = [{"weekday": 5, "start": "13:00", "end": "16:00", "interval": "every"}]


async def _setting(api):
    """Two C groups (Mon/Wed evening, Tue/Thu afternoon), a Tue/Thu 13–17 placement, Amal enrolled in the evening."""
    s = await make_base(api)
    await add_group(api, s, "Kväll mån/ons", variant="evening", slots=EVENING)
    await add_group(api, s, "Eftermiddag tis/tor", slots=TUE_THU_PM)
    await add_group(api, s, "Fredag eftermiddag", slots=FRIDAY_PM)
    await publish(api)
    workplace = await make_workplace(api)
    offer = await make_placement(api, workplace["id"])
    amal = await make_learner(api, "amal", path=3, displayName="Amal Hassan")
    _, seat = await api.call("POST", f"/v1/groups/{s.groups['Kväll mån/ons']}/enrolments", json={},
                             headers=resident("amal"), status=201)  # fmt: skip
    return s, offer, amal, seat


async def _agreed(api, offer, learner):
    return await move(api, await propose(api, offer["id"], learner["id"]), "agreed")


async def test_enrolling_in_a_group_that_collides_with_the_agreed_placement_is_refused_naming_it(api):
    s, offer, amal, seat = await _setting(api)
    await _agreed(api, offer, amal)
    await api.call("POST", f"/v1/enrolments/{seat['id']}/withdraw", headers=resident("amal"), status=200)
    _, problem = await api.call("POST", f"/v1/groups/{s.groups['Eftermiddag tis/tor']}/enrolments", json={},
                                headers=resident("amal"), status=409)  # fmt: skip
    assert "Språkpraktik i äldreomsorgen" in problem["detail"] and "13:00–17:00" in problem["detail"]
    assert problem["collision"]["placementId"] == offer["id"]
    assert problem["collision"]["groupName"] == "Eftermiddag tis/tor"
    await api.call("POST", f"/v1/groups/{s.groups['Fredag eftermiddag']}/enrolments", json={},
                   headers=resident("amal"), status=201)  # fmt: skip


async def test_a_wait_list_move_onto_the_placement_hours_is_refused(api):
    s, offer, _, _ = await _setting(api)
    await add_group(api, s, "Fredag full", slots=FRIDAY_PM, capacity=1)
    await publish(api)
    await make_learner(api, "seated", path=3)
    await api.call("POST", f"/v1/groups/{s.groups['Fredag full']}/enrolments", json={}, headers=resident("seated"),
                   status=201)  # fmt: skip
    bo = await make_learner(api, "bo", path=3)
    _, waiting = await api.call("POST", f"/v1/groups/{s.groups['Fredag full']}/enrolments", json={},
                                headers=resident("bo"), status=201)  # fmt: skip
    assert waiting["status"] == "waitlisted"
    await _agreed(api, offer, bo)
    _, problem = await api.call("POST", f"/v1/enrolments/{waiting['id']}/move",
                                json={"groupId": s.groups["Eftermiddag tis/tor"]}, headers=resident("bo"),
                                status=409)  # fmt: skip
    assert problem["collision"]["placementId"] == offer["id"]


async def test_publishing_a_change_that_moves_a_group_onto_the_placement_is_refused_naming_it(api):
    s, offer, _, _ = await _setting(api)
    await _agreed(api, offer, await _by_sub(api, "amal"))
    group = await _move_the_evening_group_onto_the_afternoons(api, s)
    _, problem = await api.call("POST", "/v1/publications", json={"note": "move to afternoons"}, status=409)
    assert "Amal Hassan" in problem["detail"] and "Språkpraktik i äldreomsorgen" in problem["detail"]
    assert problem["collision"]["groupName"] == "Kväll mån/ons" and problem["collision"]["weekday"] in (2, 4)
    _, groups = await api.call("GET", f"/v1/groups/{group}", status=200)
    assert [sl["weekday"] for sl in groups["slots"]] == [1, 3]  # the published schedule is unchanged


async def _move_the_evening_group_onto_the_afternoons(api, s) -> str:
    """The administrator's change to the draft: the Mon/Wed evening group moves to Tue/Thu afternoons."""
    group = s.groups["Kväll mån/ons"]
    _, draft = await api.call("GET", f"/v1/admin/groups/{group}", status=200)
    keep = ("name", "course", "path", "venueId", "teacherIds", "capacity", "startDate", "endDate")
    body = {k: draft[k] for k in keep} | {"variant": "standard", "slots": TUE_THU_PM}
    await api.call("PUT", f"/v1/admin/groups/{group}", json=body,
                   headers={**admin(), "If-Match": f'"v{draft["version"]}"'}, status=200)  # fmt: skip
    return group


async def _by_sub(api, sub):
    _, me = await api.call("GET", "/v1/learners/me", headers=resident(sub), status=200)
    return me


async def test_a_scheduled_publication_that_would_collide_is_cancelled_with_the_reason(api, make_client, settings_env,
                                                                                      db_url):  # fmt: skip
    s, offer, amal, _ = await _setting(api)
    await _agreed(api, offer, amal)
    await _move_the_evening_group_onto_the_afternoons(api, s)
    replica = create_app(app_settings(settings_env, db_url))
    await make_client(replica)
    pid = uuid4()
    async with transaction(replica[DB_POOL]) as conn:  # fell due while every replica was down
        await publications.insert_publication(conn, id=pid, publish_at=datetime.now(UTC) - timedelta(minutes=5),
                                              note="scheduled", requested_by="admin-1")  # fmt: skip
    assert await publish_due(replica[DB_POOL], replica[CONFIG]) == 0
    _, publication = await api.call("GET", f"/v1/publications/{pid}", status=200)
    assert publication["status"] == "cancelled" and "Språkpraktik" in publication["diff"]["refused"]


async def test_a_placement_colliding_with_the_learners_sfi_group_is_refused(api):
    s, offer, _, _ = await _setting(api)
    bo = await make_learner(api, "bo", path=3)
    await api.call("POST", f"/v1/groups/{s.groups['Eftermiddag tis/tor']}/enrolments", json={},
                   headers=resident("bo"), status=201)  # fmt: skip
    _, problem = await api.call("POST", f"/v1/placements/{offer['id']}/agreements", json={"learnerId": bo["id"]},
                                status=409)  # fmt: skip
    assert "Eftermiddag tis/tor" in problem["detail"] and problem["collision"]["groupName"] == "Eftermiddag tis/tor"


async def test_two_placements_on_the_same_afternoons_are_refused(api):
    _, offer, amal, _ = await _setting(api)
    await _agreed(api, offer, amal)
    workplace = await make_workplace(api, name="Köket", sector="kitchen")
    other = await make_placement(api, workplace["id"], title="Kökspraktik", occupation="5120",
                                 hours=[{"weekdays": [4], "start": "15:00", "end": "18:00"}])  # fmt: skip
    _, problem = await api.call("POST", f"/v1/placements/{other['id']}/agreements", json={"learnerId": amal["id"]},
                                status=409)  # fmt: skip
    assert "Språkpraktik i äldreomsorgen" in problem["detail"]


async def test_a_proposal_is_not_yet_busy_time_and_an_ended_one_no_longer_is(api):
    s, offer, amal, seat = await _setting(api)
    proposed = await propose(api, offer["id"], amal["id"])
    assert (await _by_sub(api, "amal"))["placementBusyWindows"] == []
    agreed = await move(api, proposed, "agreed")
    assert (await _by_sub(api, "amal"))["placementBusyWindows"][0]["placementId"] == offer["id"]
    await move(api, agreed, "ended_early", reason="moved away")
    assert (await _by_sub(api, "amal"))["placementBusyWindows"] == []
    await api.call("POST", f"/v1/enrolments/{seat['id']}/withdraw", headers=resident("amal"), status=200)
    await api.call("POST", f"/v1/groups/{s.groups['Eftermiddag tis/tor']}/enrolments", json={},
                   headers=resident("amal"), status=201)  # fmt: skip


async def test_agreeing_and_enrolling_at_once_never_both_succeed(api):
    s, _, _, _ = await _setting(api)
    results = []
    workplace = await make_workplace(api, name="Lokalvården", sector="cleaning")
    roomy = await make_placement(api, workplace["id"], title="Lokalvård", occupation="9111", seats=10)
    for n in range(4):  # repeated, so both orders of arrival are likely to be seen
        await make_learner(api, f"race-{n}", path=3)
        learner = await _by_sub(api, f"race-{n}")
        proposed = await propose(api, roomy["id"], learner["id"])
        agree = move(api, proposed, "agreed", status=None)
        enrol = api.client.post(f"/v1/groups/{s.groups['Eftermiddag tis/tor']}/enrolments", json={},
                                headers=resident(f"race-{n}"))  # fmt: skip
        agreed, enrolled = await asyncio.gather(agree, enrol)
        results.append((agreed.get("state") == "agreed", enrolled.status == 201))
    assert results and all(a != e for a, e in results), results
