"""Issue 16, Must show 2: every entry applies the same rule. For each rule that refuses a seat, matching (mayEnrol,
whyNot with rule: true), enrolment and the acceptance of an offered seat give the same verdict through the API;
a grade off the learner's path is refused; a group's time and parental-leave rules hold at save."""

from __future__ import annotations

import pytest

from tests.integration.sfi_enrolment.conftest import (
    TODAY,
    Api,
    Schedule,
    add_group,
    make_base,
    make_learner,
    profile,
    publish,
    resident,
)

MONDAY_MORNING = [{"weekday": 1, "start": "09:00", "end": "12:00"}]
WORK = [{"weekdays": [1], "start": "08:00", "end": "17:00", "kind": "work"}]
PLACEMENT = [{"weekdays": [1], "start": "10:00", "end": "11:00", "kind": "placement"}]
EVENING = [{"weekday": 2, "start": "18:00", "end": "21:00"}]

# (learner profile, the group it is judged against, the rule keys that refuse the seat: [] = may enrol)
CASES = [
    pytest.param({}, "dag", [], id="nothing-refuses"),
    pytest.param({"busyWindows": WORK}, "dag", ["why_not.collides.work"], id="work-collides"),
    pytest.param({"busyWindows": PLACEMENT}, "dag", ["why_not.collides.placement"], id="placement-collides"),
    pytest.param({}, "förskola", ["why_not.open_preschool_only"], id="not-on-parental-leave"),
    pytest.param({"parentalLeaveWithChild": True}, "förskola", [], id="on-parental-leave"),
    pytest.param({"path": 1}, "kväll", ["why_not.evening_path"], id="evening-group-not-on-path-1"),
    pytest.param({"path": 2}, "kväll", [], id="evening-group-on-path-2"),
    pytest.param({"residence": "asylum_seeker"}, "dag", ["why_not.eligibility.asylum_seeker"], id="asylum-seeker"),
    pytest.param({"birthDate": f"{TODAY.year - 15}-01-01"}, "dag", ["why_not.eligibility.too_young"], id="aged-15"),
]


async def _schedule(api: Api):
    """A Monday-morning C group, a parental-leave C group at the open preschool, and an evening C group on path 2
    at a provider that offers evening groups only on paths 2 and 3."""
    provider = (await api.create("/v1/admin/providers", {"name": "Kvällsskolan", "eveningPaths": [2, 3]}))["id"]
    venue = {"providerId": provider, "district": "Centrum"}
    school = (await api.create("/v1/admin/venues", {**venue, "name": "Centrumskolan", "kind": "school"}))["id"]
    preschool = (await api.create("/v1/admin/venues", {**venue, "name": "Solen", "kind": "open_preschool"}))["id"]
    s = Schedule(provider, school, preschool)
    await add_group(api, s, "dag", slots=MONDAY_MORNING, capacity=1)
    await add_group(api, s, "förskola", variant="parental_leave_open_preschool", venueId=s.preschool, capacity=8,
                    slots=[{"weekday": 3, "start": "10:00", "end": "12:00"}])  # fmt: skip
    await add_group(api, s, "kväll", path=2, slots=EVENING)
    await publish(api)
    return s


async def _learner_for_c(api: Api, sub: str, **changes) -> dict:
    """A learner who passed B, so course C is open to them (prerequisites are not what these tests judge)."""
    learner = await make_learner(api, sub, **{"path": 2, **changes})
    await api.call("POST", f"/v1/learners/{learner['id']}/results", json={"course": "B", "grade": "G"}, status=201)
    return learner


def _verdict(matches: dict, name: str) -> tuple[bool, list[str]]:
    """Matching's verdict on the group: mayEnrol and the keys of the rules (not preferences) it names."""
    found = [m for m in [*matches["data"], *matches["nearMisses"]] if m["name"] == name]
    assert len(found) == 1, (name, matches)
    group = found[0]
    return group["mayEnrol"], [w["key"] for w in group.get("whyNot", []) if w["rule"]]


@pytest.mark.parametrize(("changes", "group", "refused"), CASES)
async def test_matching_and_enrolment_give_the_same_verdict(api, changes, group, refused):
    s = await _schedule(api)
    await _learner_for_c(api, "amal", **changes)
    _, matches = await api.call("POST", "/v1/matches", json={"course": "C"}, headers=resident("amal"), status=200)
    may_enrol, rules = _verdict(matches, group)
    assert (may_enrol, sorted(rules)) == (not refused, sorted(refused))
    resp, body = await api.call("POST", f"/v1/groups/{s.groups[group]}/enrolments", headers=resident("amal"))
    if refused:
        assert resp.status == 409, body
        assert sorted(r["key"] for r in body["reasons"]) == sorted(refused)
    else:
        assert resp.status == 201 and body["status"] == "enrolled", body


async def test_an_offered_seat_is_refused_for_the_rule_that_refuses_an_enrolment(api):
    # A learner queues for a full group, then takes a job at its hours: when the seat is offered, accepting it is
    # refused for the same collision that matching and enrolment name.
    s = await _schedule(api)
    for sub in ("seated", "waiting"):
        await _learner_for_c(api, sub)
    _, seated = await api.call("POST", f"/v1/groups/{s.groups['dag']}/enrolments", headers=resident("seated"),
                               status=201)  # fmt: skip
    _, queued = await api.call("POST", f"/v1/groups/{s.groups['dag']}/enrolments", headers=resident("waiting"),
                               status=201)  # fmt: skip
    assert queued["status"] == "waitlisted"
    me, _ = await api.call("GET", "/v1/learners/me", headers=resident("waiting"), status=200)
    await api.call("PUT", "/v1/learners/me", json=profile(path=2, busyWindows=WORK),
                   headers={**resident("waiting"), "If-Match": me.headers["ETag"]}, status=200)  # fmt: skip
    _, matches = await api.call("POST", "/v1/matches", json={"course": "C"}, headers=resident("waiting"), status=200)
    assert _verdict(matches, "dag") == (False, ["why_not.collides.work"])
    await api.call("POST", f"/v1/enrolments/{seated['id']}/withdraw", headers=resident("seated"), status=200)
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("waiting"), status=200)
    for offer in mine["offers"]:  # if the sweep offers the seat at all, accepting it is refused
        resp, body = await api.call("POST", f"/v1/offers/{offer['id']}/accept", headers=resident("waiting"))
        assert resp.status == 409 and [r["key"] for r in body["reasons"]] == ["why_not.collides.work"], body
    _, roster = await api.call("GET", f"/v1/admin/groups/{s.groups['dag']}/roster", status=200)
    assert roster["data"] == []


@pytest.mark.parametrize(
    ("path", "course", "status"),
    [
        pytest.param(3, "A", 422, id="A-is-not-on-path-3"),
        pytest.param(3, "B", 422, id="B-is-not-on-path-3"),
        pytest.param(2, "A", 422, id="A-is-not-on-path-2"),
        pytest.param(3, "C", 201, id="C-is-on-path-3"),
        pytest.param(1, "A", 201, id="A-is-on-path-1"),
    ],
)
async def test_a_grade_only_for_a_course_on_the_learners_path(api, path, course, status):
    learner = await make_learner(api, f"l-{path}-{course}", path=path)
    resp, body = await api.call("POST", f"/v1/learners/{learner['id']}/results", json={"course": course, "grade": "G"})
    assert resp.status == status, body
    if status == 422:
        assert [e["pointer"] for e in body["errors"]] == ["/course"]
        _, me = await api.call("GET", "/v1/learners/me", headers=resident(f"l-{path}-{course}"), status=200)
        assert me["passedCourses"] == []  # nothing half-written


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        pytest.param({"slots": [{"weekday": 2, "start": "18:00", "end": "21:45"}]}, "/slots/0/end",
                     id="evening-ends-21:45"),
        pytest.param({"slots": [{"weekday": 2, "start": "16:30", "end": "19:00"}], "variant": "evening"},
                     "/slots/0/start", id="evening-starts-16:30"),
        pytest.param({"slots": [{"weekday": 1, "start": "07:30", "end": "10:00"}]}, "/slots/0/start",
                     id="day-starts-07:30"),
        pytest.param({"slots": [{"weekday": 1, "start": "14:00", "end": "16:30"}], "variant": "standard"},
                     "/slots/0/end", id="day-ends-16:30"),
        pytest.param({"variant": "parental_leave_open_preschool", "teacherIds": [], "childPresent": True},
                     "/teacherIds", id="parental-leave-without-teacher"),
        pytest.param({"variant": "parental_leave_open_preschool", "childPresent": False}, "/childPresent",
                     id="parental-leave-child-not-present"),
    ],
)  # fmt: skip
async def test_a_groups_time_and_parental_leave_rules_are_422_on_the_field(api, overrides, pointer):
    s = await make_base(api)
    if overrides.get("variant") == "parental_leave_open_preschool":
        overrides = {"venueId": s.preschool, "capacity": 8, "slots": [{"weekday": 3, "start": "10:00", "end": "12:00"}],
                     **overrides}  # fmt: skip
    with pytest.raises(AssertionError) as refused:
        await add_group(api, s, "g", **overrides)
    assert "422" in str(refused.value) and pointer in str(refused.value)
    _, groups = await api.call("GET", "/v1/admin/groups", status=200)
    assert groups["data"] == []  # nothing half-written
