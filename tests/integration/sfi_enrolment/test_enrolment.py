"""Enrolment: capacity under concurrency, fair wait-list positions, idempotency, prerequisites, one per course."""

from __future__ import annotations

import asyncio

from tests.integration.sfi_enrolment.conftest import (
    add_group,
    make_base,
    make_learner,
    publish,
    resident,
    two_groups_of_course_a,
)


async def _one_group(api, key="A-dag", **overrides):
    s = await make_base(api)
    await add_group(api, s, key, **{"course": "A", "path": 1, **overrides})
    await publish(api)
    return s, s.groups[key]


async def test_200_concurrent_requests_fill_20_seats_and_queue_180_in_arrival_order(api):
    _, group = await _one_group(api, capacity=20)
    subs = [f"learner-{i:03d}" for i in range(200)]
    await asyncio.gather(*(make_learner(api, sub) for sub in subs))

    async def enrol(sub):
        resp, body = await api.call(
            "POST", f"/v1/groups/{group}/enrolments", headers={**resident(sub), "Idempotency-Key": f"k-{sub}"}
        )
        return resp.status, body

    results = await asyncio.gather(*(enrol(sub) for sub in subs))
    assert {status for status, _ in results} == {201}
    bodies = [b for _, b in results]
    assert sum(b["status"] == "enrolled" for b in bodies) == 20
    waiting = [b for b in bodies if b["status"] == "waitlisted"]
    assert len(waiting) == 180
    # Arrival order = the order the database serialised them (queue time); positions 1..180, no gaps, no dupes.
    by_arrival = sorted(waiting, key=lambda b: b["queuedAt"])
    assert [b["position"] for b in by_arrival] == list(range(1, 181))
    assert all(b["position"] is None for b in bodies if b["status"] == "enrolled")
    _, listed = await api.call("GET", "/v1/groups/" + group, status=200)
    assert listed["freeSeats"] == 0

    repeat_status, repeat = await enrol(subs[150])
    assert repeat_status == 201 and repeat == bodies[150]
    pages = await api.pages(f"/v1/admin/groups/{group}/waitlist", limit=70)
    assert [len(p) for p in pages] == [70, 70, 40]
    assert [e["position"] for p in pages for e in p] == list(range(1, 181))
    roster = await api.pages(f"/v1/admin/groups/{group}/roster", limit=3)
    assert len(roster) == 7 and sum(len(p) for p in roster) == 20
    assert len({e["learnerId"] for p in roster for e in p}) == 20


async def test_same_idempotency_key_returns_first_answer_without_a_second_enrolment(api):
    _, group = await _one_group(api, capacity=1)
    await make_learner(api, "amal")
    headers = {**resident("amal"), "Idempotency-Key": "once"}
    first = await api.call("POST", f"/v1/groups/{group}/enrolments", headers=headers, status=201)
    again = await api.call("POST", f"/v1/groups/{group}/enrolments", headers=headers, status=201)
    assert again[1] == first[1] and again[0].headers["Idempotent-Replayed"] == "true"
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("amal"), status=200)
    assert len(mine["data"]) == 1 and mine["data"][0]["status"] == "enrolled"


async def test_one_key_sent_at_once_many_times_enrols_once_and_every_answer_is_the_first(api):
    # The key is claimed in the enrolment's first statement: the retries wait for the first transaction's
    # claim, then replay its answer (none of them reaches the seat or a second entry).
    _, group = await _one_group(api, capacity=1)
    await make_learner(api, "amal")
    headers = {**resident("amal"), "Idempotency-Key": "impatient"}
    calls = await asyncio.gather(*(api.call("POST", f"/v1/groups/{group}/enrolments", headers=headers)
                                   for _ in range(8)))  # fmt: skip
    assert [resp.status for resp, _ in calls] == [201] * 8
    assert all(body == calls[0][1] for _, body in calls)
    assert sorted(resp.headers.get("Idempotent-Replayed", "false") for resp, _ in calls) == ["false"] + ["true"] * 7
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("amal"), status=200)
    assert [e["status"] for e in mine["data"]] == ["enrolled"]


async def test_a_key_reused_for_another_enrolment_request_is_422_and_a_refused_request_frees_its_key(api):
    s = await two_groups_of_course_a(api)
    await make_learner(api, "amal")
    headers = {**resident("amal"), "Idempotency-Key": "k1"}
    # Refused (no such group): no key is stored, so it stays free for a real request.
    await api.call("POST", "/v1/groups/00000000-0000-4000-8000-000000000000/enrolments", headers=headers, status=404)
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=headers, status=201)
    _, problem = await api.call("POST", f"/v1/groups/{s.groups['A2']}/enrolments", headers=headers, status=422)
    assert [e["pointer"] for e in problem["errors"]] == ["/headers/Idempotency-Key"]
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("amal"), status=200)
    assert [e["groupId"] for e in mine["data"]] == [s.groups["A1"]]


async def test_second_active_enrolment_in_the_same_course_is_409(api):
    s = await two_groups_of_course_a(api)
    await make_learner(api, "amal")
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("amal"), status=201)
    _, problem = await api.call("POST", f"/v1/groups/{s.groups['A2']}/enrolments", headers=resident("amal"), status=409)
    assert "course A" in problem["detail"]


async def test_course_d_without_a_pass_in_c_or_a_placement_is_422_naming_course_c(api):
    s = await make_base(api)
    await add_group(api, s, "D-dag", course="D", path=3)
    await publish(api)
    learner = await make_learner(api, "amal", path=3)
    _, problem = await api.call(
        "POST", f"/v1/groups/{s.groups['D-dag']}/enrolments", headers=resident("amal"), status=422
    )
    assert problem["errors"][0]["pointer"] == "/course"
    assert "kurs C" in problem["errors"][0]["message"]  # in the learner's language (Swedish unless they choose)
    assert [(r["key"], r["params"]) for r in problem["reasons"]] == [
        ("why_not.course.needs_previous", {"course": "D", "previous": "C"})
    ]
    # A pass (G) in C opens D.
    await api.call("POST", f"/v1/learners/{learner['id']}/results", json={"course": "C", "grade": "G"}, status=201)
    _, body = await api.call("POST", f"/v1/groups/{s.groups['D-dag']}/enrolments", headers=resident("amal"), status=201)
    assert body["status"] == "enrolled"


async def test_a_placement_by_mapping_opens_the_course_without_the_previous_pass(api):
    s = await make_base(api)
    await add_group(api, s, "D-dag", course="D", path=3)
    await publish(api)
    learner = await make_learner(api, "amal", path=3)
    await api.call(
        "PUT", f"/v1/learners/{learner['id']}/placement", json={"course": "D", "decidedOn": "2026-10-01"}, status=200
    )
    await api.call("POST", f"/v1/groups/{s.groups['D-dag']}/enrolments", headers=resident("amal"), status=201)


async def test_enrolling_in_an_unpublished_group_is_404(api):
    s = await make_base(api)
    await add_group(api, s, "draft", course="A")
    await make_learner(api, "amal")
    await api.call("POST", f"/v1/groups/{s.groups['draft']}/enrolments", headers=resident("amal"), status=404)


async def test_a_system_with_enrolment_write_enrols_a_named_learner_and_others_may_not(api):
    _, group = await _one_group(api)
    learner = await make_learner(api, "amal")
    from tests.helpers import identity_header

    system = identity_header("sys-1", kind="system", roles=(), scopes=("enrolment:write",))
    reader = identity_header("sys-2", kind="system", roles=(), scopes=("schedule:read",))
    await api.call("POST", f"/v1/groups/{group}/enrolments", json={}, headers=system, status=422)
    await api.call("POST", f"/v1/groups/{group}/enrolments", json={"learnerId": learner["id"]}, headers=reader,
                   status=403)  # fmt: skip
    _, body = await api.call(
        "POST", f"/v1/groups/{group}/enrolments", json={"learnerId": learner["id"]}, headers=system, status=201
    )
    assert body["learnerId"] == learner["id"]
