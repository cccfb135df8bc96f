"""The eligibility answer (the checks of an enrolment, nothing written), moving a seat, the learner list."""

from __future__ import annotations

from tests.integration.sfi_enrolment.conftest import add_group, make_base, make_learner, publish, resident

MONDAY = [{"weekday": 1, "start": "09:00", "end": "12:00"}]
TUESDAY = [{"weekday": 2, "start": "09:00", "end": "12:00"}]


async def _two_groups(api, course="A", capacity=20, **extra):
    s = await make_base(api)
    await add_group(api, s, f"{course}1", course=course, slots=MONDAY, capacity=capacity, **extra)
    await add_group(api, s, f"{course}2", course=course, slots=TUESDAY, capacity=capacity, **extra)
    await publish(api)
    return s


async def eligibility(api, group: str, sub: str, lang: str = "sv") -> dict:
    _, body = await api.call("GET", f"/v1/groups/{group}/eligibility",
                             headers={**resident(sub), "Accept-Language": lang}, status=200)  # fmt: skip
    return body


async def test_eligibility_gives_the_refusals_of_an_enrolment_in_the_asked_language_and_writes_nothing(api):
    s = await _two_groups(api)
    await make_learner(api, "amal", preferredLanguage="ar")
    ok = await eligibility(api, s.groups["A1"], "amal")
    assert ok["eligible"] is True and ok["reasons"] == [] and ok["active"] is None
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("amal"), status=200)
    assert mine["data"] == [], "asking enrols nobody"

    _, seat = await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("amal"), status=201)
    other = await eligibility(api, s.groups["A2"], "amal", "en")
    assert other["eligible"] is False and other["language"] == "en"
    assert [r["key"] for r in other["reasons"]] == ["enrol.active.enrolled"]
    assert other["reasons"][0]["text"] == "you already have a seat in course A (A1)"
    assert other["active"] == {"enrolmentId": seat["id"], "groupId": s.groups["A1"], "groupName": "A1",
                               "status": "enrolled"}  # fmt: skip
    swedish = await eligibility(api, s.groups["A2"], "amal", "sv")
    assert swedish["reasons"][0]["text"] == "du har redan en plats i kurs A (A1)", "the page's language, not ar"


async def test_eligibility_names_a_course_the_learner_has_passed_and_a_missing_profile(api):
    s = await _two_groups(api, course="B", path=2)
    learner = await make_learner(api, "amal", path=2)
    await api.call("POST", f"/v1/learners/{learner['id']}/results", json={"course": "B", "grade": "G",
                   "decidedOn": "2026-01-10"}, status=201)  # fmt: skip
    passed = await eligibility(api, s.groups["B1"], "amal", "sv")
    assert passed["eligible"] is False
    assert "du har redan godkänt (G) i kurs B" in [r["text"] for r in passed["reasons"]]
    # the enrolment refuses for the same reason
    _, problem = await api.call("POST", f"/v1/groups/{s.groups['B1']}/enrolments", headers=resident("amal"),
                                status=422)  # fmt: skip
    assert [r["key"] for r in problem["reasons"]] == [r["key"] for r in passed["reasons"]]
    nobody = await eligibility(api, s.groups["B1"], "stranger", "en")
    assert [r["key"] for r in nobody["reasons"]] == ["enrol.no_profile"] and nobody["learnerId"] is None


async def test_a_seat_moves_to_a_group_with_a_free_seat_and_the_old_seat_goes_to_the_first_in_line(api):
    s = await _two_groups(api, capacity=1)
    for sub in ("amal", "waiting", "other"):
        await make_learner(api, sub)
    _, seat = await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("amal"), status=201)
    _, queued = await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("waiting"),
                               status=201)  # fmt: skip
    assert seat["status"] == "enrolled" and queued["status"] == "waitlisted"
    _, moved = await api.call("POST", f"/v1/enrolments/{seat['id']}/move", json={"groupId": s.groups["A2"]},
                              headers=resident("amal"), status=200)  # fmt: skip
    assert moved["status"] == "enrolled" and moved["groupId"] == s.groups["A2"]
    assert moved["enrolledAt"] == seat["enrolledAt"], "the start is kept"
    _, after = await api.call("GET", f"/v1/enrolments/{queued['id']}", headers=resident("waiting"), status=200)
    assert after["status"] == "offered", "the seat left behind is offered to the first in line"

    # A2 is full now: a seat does not move into a full group (no jumping the queue)
    _, other = await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("other"),
                              status=201)  # fmt: skip
    _, problem = await api.call("POST", f"/v1/enrolments/{moved['id']}/move", json={"groupId": s.groups["A1"]},
                                headers=resident("amal"), status=409)  # fmt: skip
    assert problem["code"] == "no-free-seat"
    _, still = await api.call("GET", f"/v1/enrolments/{moved['id']}", headers=resident("amal"), status=200)
    assert still["groupId"] == s.groups["A2"] and still["status"] == "enrolled"
    await api.call("POST", f"/v1/enrolments/{moved['id']}/move", json={"groupId": s.groups["A2"]},
                   headers=resident("amal"), status=422)  # fmt: skip
    assert other["status"] == "waitlisted"


async def test_the_learner_list_filters_by_course_path_waiting_since_risk_and_placement(api):
    s = await _two_groups(api, capacity=1)
    await make_learner(api, "seated", displayName="Sara Seated")
    await make_learner(api, "queued", displayName="Quinn Queued")
    await make_learner(api, "idle", displayName="Ida Idle", path=2, rightAroseOn="2025-01-01")
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("seated"), status=201)
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("queued"), status=201)

    async def names(**params) -> list[str]:
        _, body = await api.call("GET", "/v1/admin/learners", params={k: str(v) for k, v in params.items()},
                                 status=200)  # fmt: skip
        return [r["name"] for r in body["data"]]

    assert await names() == ["Ida Idle", "Quinn Queued", "Sara Seated"]
    assert await names(course="A") == ["Quinn Queued", "Sara Seated"]
    assert await names(path=2) == ["Ida Idle"]
    assert await names(waitingSince="2099-01-01") == ["Quinn Queued"]
    assert await names(waitingSince="2000-01-01") == []
    assert await names(atRisk="true") == ["Ida Idle"]  # her right arose long ago and she has not started
    assert "Ida Idle" not in await names(atRisk="false")
    assert await names(placement="true") == []
    _, problem = await api.call("GET", "/v1/admin/learners", params={"waitingSince": "soon"}, status=422)
    assert problem["errors"][0]["pointer"] == "/waitingSince"
    await api.call("GET", "/v1/admin/learners", headers=resident("seated"), status=403)
