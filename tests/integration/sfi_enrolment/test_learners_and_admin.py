"""Learner profiles, results, the start guarantee at-risk list, rosters and supply vs demand."""

from __future__ import annotations

import re
from datetime import timedelta

from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.oversight.jobs import run_deadlines
from tests.helpers import identity_header
from tests.integration.sfi_enrolment.conftest import (
    TODAY,
    add_group,
    make_base,
    make_learner,
    profile,
    publish,
    resident,
)


async def test_profile_is_created_then_replaced_only_with_if_match_and_never_shows_the_full_number(api):
    me = resident("amal")
    body = profile(personalNumber="19811218-9876", busyWindows=[
        {"weekdays": [2], "start": "14:00", "end": "22:00", "weeks": "cycle", "cycleLength": 3, "cycleWeeks": [1, 2],
         "cycleAnchor": "2026-11-02"}])  # fmt: skip
    resp, created = await api.call("PUT", "/v1/learners/me", json=body, headers=me, status=201)
    assert created["personalNumberMasked"] == "19811218-****"
    assert "198112189876" not in await resp.text()
    await api.call("PUT", "/v1/learners/me", json=body, headers=me, status=428)
    await api.call("PUT", "/v1/learners/me", json=body, headers={**me, "If-Match": '"v9"'}, status=412)
    _, updated = await api.call("PUT", "/v1/learners/me", json={**body, "distanceStudyOk": True},
                                headers={**me, "If-Match": resp.headers["ETag"]}, status=200)  # fmt: skip
    assert updated["distanceStudyOk"] is True and updated["version"] == 2


async def test_bad_profile_fields_are_422_with_pointers(api):
    bad = profile(personalNumber="19811218-9875", busyWindows=[{"weekdays": [8], "start": "22:00", "end": "06:00"}])
    _, problem = await api.call("PUT", "/v1/learners/me", json=bad, headers=resident("amal"), status=422)
    pointers = {e["pointer"] for e in problem["errors"]}
    assert "/busyWindows/0/weekdays/0" in pointers


async def test_only_g_or_ig_are_results_and_a_pass_opens_the_next_course(api):
    learner = await make_learner(api, "amal", path=2)
    for grade in ("A", "C", "F", "VG"):
        _, problem = await api.call("POST", f"/v1/learners/{learner['id']}/results",
                                    json={"course": "B", "grade": grade}, status=422)  # fmt: skip
        assert problem["errors"][0]["pointer"] == "/grade"
    _, result = await api.call(
        "POST", f"/v1/learners/{learner['id']}/results", json={"course": "B", "grade": "G"}, status=201
    )
    assert result["nextCourse"] == "C"
    _, me = await api.call("GET", "/v1/learners/me", headers=resident("amal"), status=200)
    assert me["passedCourses"] == ["B"] and me["nextCourse"] == "C"
    await api.call("POST", f"/v1/learners/{learner['id']}/results", json={"course": "B", "grade": "G"},
                   headers=resident("amal"), status=403)  # fmt: skip


async def test_at_risk_lists_learners_within_14_days_of_the_three_month_deadline(api):
    s = await make_base(api)
    await add_group(api, s, "A", course="A", capacity=1)
    await publish(api)

    def arose(days_ago: int) -> str:
        return (TODAY - timedelta(days=days_ago)).isoformat()

    # Deadline = right + 3 months (about 91 days): 80 days ago → ~11 days left; 30 days ago → ~60 days left.
    near = await make_learner(api, "near", rightAroseOn=arose(80), displayName="Near")
    await make_learner(api, "far", rightAroseOn=arose(30), displayName="Far")
    est = await make_learner(api, "est", rightAroseOn=arose(20), establishmentProgramme=True, displayName="Est")
    started = await make_learner(api, "started", rightAroseOn=arose(85), displayName="Started")
    await api.call("POST", f"/v1/groups/{s.groups['A']}/enrolments", headers=resident("started"), status=201)
    await api.call("POST", f"/v1/groups/{s.groups['A']}/enrolments", headers=resident("near"), status=201)

    _, body = await api.call("GET", "/v1/admin/at-risk", status=200)
    listed = {r["learnerId"]: r for r in body["data"]}
    assert set(listed) == {near["id"], est["id"]}
    assert 0 <= listed[near["id"]]["daysLeft"] <= 14 and listed[near["id"]]["waitingFor"] == ["A:waitlisted"]
    assert started["id"] not in listed
    await api.call("GET", "/v1/admin/at-risk", headers=resident("near"), status=403)

    app = api.client.server.app
    assert app[CONFIG].at_risk_days == 14
    await run_deadlines(app)
    await run_deadlines(app)  # flags each learner once
    _, log = await api.call("GET", "/v1/admin/allocation-log", status=200)
    flagged = [e["learnerId"] for e in log["data"] if e["action"] == "deadline_at_risk"]
    assert sorted(flagged) == sorted([near["id"], est["id"]])


async def test_roster_masks_numbers_and_hides_contact_data_of_protected_identities(api):
    s = await make_base(api)
    await add_group(api, s, "A", course="A")
    await publish(api)
    await make_learner(api, "open", displayName="Open", email="open@example.se", personalNumber="19811218-9876")
    await make_learner(api, "hidden", displayName="Hidden", email="hidden@example.se", protectedIdentity=True)
    for sub in ("open", "hidden"):
        await api.call("POST", f"/v1/groups/{s.groups['A']}/enrolments", headers=resident(sub), status=201)
    resp, roster = await api.call("GET", f"/v1/admin/groups/{s.groups['A']}/roster", status=200)
    rows = {r["name"]: r for r in roster["data"]}
    assert rows["Open"]["personalNumber"] == "19811218-****" and rows["Open"]["email"] == "open@example.se"
    assert rows["Hidden"]["email"] is None and rows["Hidden"]["phone"] is None
    # The last four digits appear nowhere (ids are uuids, whose hex can hold "9876" by chance: left out).
    assert "9876" not in re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", await resp.text())
    teacher = identity_header("t-1", roles=("teacher",))
    await api.call("GET", f"/v1/admin/groups/{s.groups['A']}/roster", headers=teacher, status=200)
    await api.call("GET", f"/v1/admin/groups/{s.groups['A']}/roster", headers=resident("open"), status=403)


async def test_supply_and_demand_counts_waiting_learners_by_course_daypart_venue_kind_and_district(api):
    s = await make_base(api)
    await add_group(api, s, "A", course="A", capacity=1)
    await add_group(api, s, "A kväll", course="A", variant="evening", capacity=5,
                    slots=[{"weekday": 2, "start": "18:00", "end": "21:00"}])  # fmt: skip
    await publish(api)
    for sub in ("a", "b", "c"):
        await make_learner(api, sub)
        await api.call("POST", f"/v1/groups/{s.groups['A']}/enrolments", headers=resident(sub), status=201)
    _, body = await api.call("GET", "/v1/admin/supply-demand", status=200)
    cells = {(r["course"], r["daypart"], r["venueKind"], r["district"]): r for r in body["data"]}
    assert cells[("A", "morning", "school", "Centrum")]["waiting"] == 2
    assert cells[("A", "morning", "school", "Centrum")]["shortfall"] == 2
    assert cells[("A", "evening", "school", "Centrum")]["freeSeats"] == 5
