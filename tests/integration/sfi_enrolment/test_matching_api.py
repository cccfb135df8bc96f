"""POST /v1/matches over published groups: stored profile or posted constraints, reasons in sv/en."""

from __future__ import annotations

from tests.integration.sfi_enrolment.conftest import add_group, make_base, make_learner, publish, resident

WORKWEEK = [{"weekdays": [1, 2, 3, 4, 5], "start": "08:00", "end": "17:00", "kind": "work"}]


async def _schedule(api):
    s = await make_base(api)
    await add_group(api, s, "C förmiddag", slots=[{"weekday": 1, "start": "09:00", "end": "12:00"}])
    tue_thu = [{"weekday": 2, "start": "18:00", "end": "21:00"}, {"weekday": 4, "start": "18:00", "end": "21:00"}]
    await add_group(api, s, "C kväll", variant="evening", slots=tue_thu)
    await add_group(api, s, "C lördag", slots=[{"weekday": 6, "start": "10:00", "end": "13:00"}])
    await add_group(api, s, "C öppna förskolan", variant="parental_leave_open_preschool", venueId=s.preschool,
                    capacity=10, slots=[{"weekday": 3, "start": "10:00", "end": "12:00"}])  # fmt: skip
    await publish(api)
    return s


async def test_a_worker_mon_fri_8_17_is_matched_only_to_evening_or_weekend_groups(api):
    await _schedule(api)
    await make_learner(api, "amal", path=3, busyWindows=WORKWEEK, preferredLanguage="en")
    _, body = await api.call("POST", "/v1/matches", json={}, headers=resident("amal"), status=200)
    assert body["course"] == "C" and body["language"] == "en"
    assert {m["name"] for m in body["data"]} == {"C kväll", "C lördag"}
    evening = next(m for m in body["data"] if m["name"] == "C kväll")
    assert evening["summary"].startswith("evening, Tue and Thu 18:00–21:00")
    missed = {m["name"]: m["whyNot"] for m in body["nearMisses"]}
    assert missed["C förmiddag"][0]["text"].startswith("collides with your shift Mon 08:00–17:00")


async def test_a_parent_on_leave_with_a_child_gets_the_open_preschool_group_first_in_swedish(api):
    await _schedule(api)
    constraints = {"parentalLeaveWithChild": True, "preferredLanguage": "sv"}
    _, body = await api.call("POST", "/v1/matches", json={"course": "C", "constraints": constraints},
                             headers=resident("anyone"), status=200)  # fmt: skip
    assert body["data"][0]["name"] == "C öppna förskolan"
    assert "på öppna förskolan, barnet får vara med" in [r["text"] for r in body["data"][0]["reasons"]]


async def test_constraints_without_a_course_are_422_and_an_unknown_learner_is_404(api):
    await api.call("POST", "/v1/matches", json={"constraints": {}}, headers=resident("x"), status=422)
    await api.call("POST", "/v1/matches", json={}, headers=resident("nobody"), status=404)
