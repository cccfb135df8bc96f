"""Every SFI list follows the list contract: ``limit`` (1-500), keyset ``pageToken``, ``{"data", "pageToken"}``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.sfi_enrolment.conftest import TODAY, add_group, make_base, make_learner, publish, resident

EVENING = [{"weekday": 2, "start": "18:00", "end": "21:00"}, {"weekday": 4, "start": "18:00", "end": "21:00"}]


async def _groups(api, n: int = 7) -> dict[str, str]:
    s = await make_base(api)
    for i in range(n):
        slots = [{"weekday": 1 + i % 5, "start": f"{9 + i % 3:02d}:00", "end": f"{10 + i % 3:02d}:30"}]
        await add_group(api, s, f"C {i}", slots=EVENING if i % 3 == 0 else slots, capacity=1 + i)
    await publish(api)
    return s.groups


async def test_occurrences_come_in_pages_that_join_up_to_the_whole_window(api):
    group = next(iter((await _groups(api, 1)).values()))
    window = {"from": TODAY.isoformat(), "to": (TODAY + timedelta(days=120)).isoformat()}
    _, whole = await api.call("GET", f"/v1/groups/{group}/occurrences", params={**window, "limit": "500"},
                              headers=resident("x"), status=200)  # fmt: skip
    assert whole["pageToken"] is None and len(whole["data"]) > 12
    pages = await api.pages(f"/v1/groups/{group}/occurrences?from={window['from']}&to={window['to']}", limit=5)
    assert [o for p in pages for o in p] == whole["data"]
    _, first = await api.call("GET", f"/v1/groups/{group}/occurrences", params=window, status=200)
    assert len(first["data"]) == min(50, len(whole["data"])) and first["timeZone"] == "Europe/Stockholm"


@pytest.mark.parametrize(("limit", "status"), [("0", 422), ("501", 422), ("three", 422), ("500", 200), ("1", 200)])
async def test_a_limit_outside_1_to_500_is_422_naming_limit(api, limit, status):
    group = next(iter((await _groups(api, 1)).values()))
    window = {"from": TODAY.isoformat(), "to": (TODAY + timedelta(days=30)).isoformat(), "limit": limit}
    _, body = await api.call("GET", f"/v1/groups/{group}/occurrences", params=window, status=status)
    if status == 422:
        assert body["errors"][0]["pointer"] == "/limit"
    lists = (f"/v1/admin/groups/{group}/roster", f"/v1/admin/groups/{group}/waitlist", "/v1/admin/at-risk",
             "/v1/admin/supply-demand", "/v1/admin/groups/conflicts", f"/v1/admin/groups/{group}/exceptions",
             "/v1/courses", "/v1/admin/allocation-log")  # fmt: skip
    for path in lists:
        await api.call("GET", path, params={"limit": limit}, status=status)
    await make_learner(api, "amal")
    await api.call("GET", "/v1/me/enrolments", params={"limit": limit}, headers=resident("amal"), status=status)
    await api.call("POST", "/v1/matches", params={"limit": limit}, json={}, headers=resident("amal"), status=status)


async def test_small_lists_come_in_pages_too(api):
    pages = await api.pages("/v1/courses", limit=3)
    assert [[c["code"] for c in p] for p in pages] == [["A", "B", "C"], ["D"]]


async def test_a_page_token_is_refused_on_another_list_or_when_altered(api):
    groups = list((await _groups(api, 2)).values())
    window = f"from={TODAY}&to={TODAY + timedelta(days=120)}"
    _, page = await api.call("GET", f"/v1/groups/{groups[0]}/occurrences?{window}&limit=2", status=200)
    token = page["pageToken"]
    await api.call("GET", f"/v1/groups/{groups[1]}/occurrences?{window}&limit=2&pageToken={token}", status=400)
    await api.call("GET", f"/v1/admin/groups/{groups[0]}/roster?limit=2&pageToken={token}", status=400)
    await api.call("GET", f"/v1/groups/{groups[0]}/occurrences?{window}&limit=2&pageToken={token[:-2]}", status=400)


async def test_matching_answers_data_in_pages_and_near_misses_on_the_first(api):
    await _groups(api)
    await make_learner(api, "amal", path=1, busyWindows=[{"weekdays": [1], "start": "08:00", "end": "17:00"}])
    body = {"course": "C"}
    _, whole = await api.call("POST", "/v1/matches?limit=100", json=body, headers=resident("amal"), status=200)
    assert set(whole) == {"data", "pageToken", "course", "language", "nearMisses"} and whole["pageToken"] is None
    assert len(whole["data"]) >= 4 and whole["nearMisses"]
    joined, token, first = [], None, None
    while True:
        query = "?limit=2" + (f"&pageToken={token}" if token else "")
        resp, page = await api.call("POST", "/v1/matches" + query, json=body, headers=resident("amal"), status=200)
        assert len(page["data"]) <= 2 and ("Link" in resp.headers) == (page["pageToken"] is not None)
        first = first or page
        joined += page["data"]
        if page is not first:
            assert page["nearMisses"] == []
        token = page["pageToken"]
        if token is None:
            break
    assert joined == whole["data"]
    assert first["nearMisses"] == whole["nearMisses"][:2]
    _, page = await api.call("POST", "/v1/matches?limit=2", json=body, headers=resident("amal"), status=200)
    other = {"course": "C", "language": "en"}
    await api.call("POST", f"/v1/matches?limit=2&pageToken={page['pageToken']}", json=other,
                   headers=resident("amal"), status=400)  # fmt: skip
    _, problem = await api.call("POST", "/v1/matches", json={"limit": 20}, headers=resident("amal"), status=422)
    assert problem["errors"][0]["pointer"] == "/limit"
