"""The demo schedule and the public read API over it: filters, ETag/304, sync with tombstones."""

from __future__ import annotations

from services.sfi_schedule.demo import seed_demo
from shared.db import create_pool
from tests.integration.sfi.conftest import ADMIN, ANON, SYSTEM


async def _seed(db_url: str) -> None:
    pool = await create_pool(db_url, schema="sfi", app_name="test-demo", min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await seed_demo(conn)
            await seed_demo(conn)  # idempotent
    finally:
        await pool.close()


async def _all(api, query: str, who=ANON) -> list[dict]:
    out, url = [], f"/v1/groups?{query}&limit=500"
    _, body = await api.call("GET", url, headers=who, status=200)
    out.extend(body["data"])
    return out


async def test_demo_is_a_realistic_published_municipality(api, db_url):
    await _seed(db_url)
    groups = await _all(api, "")
    assert len(groups) >= 40
    kinds = {g["venue"]["kind"] for g in groups}
    assert kinds == {"school", "library", "open_preschool", "workplace", "digital"}
    assert len({g["venue"]["id"] for g in groups}) >= 6
    assert any(g["variant"] == "kombo" and g["targetRole"] == "undersköterska" for g in groups)
    assert {(g["path"], g["course"]) for g in groups} >= {(1, "A"), (2, "B"), (3, "C"), (3, "D")}
    _, pubs = await api.call("GET", "/v1/publications", headers=ANON, status=200)
    assert len(pubs["data"]) == 1


async def test_daypart_evening_returns_only_groups_starting_at_or_after_17(api, db_url):
    await _seed(db_url)
    evening = await _all(api, "daypart=evening")
    assert len(evening) >= 8
    assert all(s["start"] >= "17:00" for g in evening for s in g["slots"])
    assert any(g["venue"]["kind"] == "library" for g in evening)
    morning = await _all(api, "daypart=morning")
    assert morning and all(s["start"] < "12:00" for g in morning for s in g["slots"])


async def test_venue_kind_open_preschool_returns_the_parental_leave_groups(api, db_url):
    await _seed(db_url)
    groups = await _all(api, "venueKind=open_preschool", who=SYSTEM)
    assert len(groups) == 2
    assert {g["variant"] for g in groups} == {"parental_leave_open_preschool"}
    assert all(g["childPresent"] and g["capacity"] <= 12 for g in groups)


async def test_filters_combine_and_pages_follow_tokens(api, db_url):
    await _seed(db_url)
    some = await _all(api, "course=C&path=2,3&weekday=2&hasFreeSeats=true")
    assert some and all(g["course"] == "C" and g["path"] in (2, 3) and 2 in [s["weekday"] for s in g["slots"]]
                        for g in some)  # fmt: skip
    assert [g["name"] for g in await _all(api, "q=lindgården")] == ["Kombo undersköterska Lindgården"]
    assert await _all(api, "district=söder&childPresent=true")
    seen, url = [], "/v1/groups?limit=7"
    while url:
        _, body = await api.call("GET", url, headers=ANON, status=200)
        seen += [g["id"] for g in body["data"]]
        url = body["pageToken"] and f"/v1/groups?limit=7&pageToken={body['pageToken']}"
    assert len(seen) == len(set(seen)) == len(await _all(api, ""))
    _, bad = await api.call("GET", "/v1/groups?daypart=night", headers=ANON, status=422)
    assert bad["errors"][0]["pointer"] == "/daypart/0"


async def test_etag_gives_304_and_occurrence_window_is_bounded(api, db_url):
    await _seed(db_url)
    resp, body = await api.call("GET", "/v1/groups?daypart=evening", headers=ANON, status=200)
    again = await api.client.get("/v1/groups?daypart=evening", headers={**ANON, "If-None-Match": resp.headers["ETag"]})
    assert again.status == 304
    gid = body["data"][0]["id"]
    one = await api.client.get(f"/v1/groups/{gid}", headers=ANON)
    assert (
        await api.client.get(f"/v1/groups/{gid}", headers={**ANON, "If-None-Match": one.headers["ETag"]})
    ).status == 304
    await api.call("GET", f"/v1/groups/{gid}/occurrences", headers=ANON, status=422)
    _, too_long = await api.call("GET", f"/v1/groups/{gid}/occurrences?from=2026-08-01&to=2027-09-06", headers=ANON,
                                 status=422)  # fmt: skip
    assert too_long["errors"][0]["pointer"] == "/to"
    _, ok = await api.call(
        "GET", f"/v1/groups/{gid}/occurrences?from=2026-08-01&to=2027-09-04", headers=ANON, status=200
    )
    assert ok["data"] and ok["timeZone"] == "Europe/Stockholm"


async def test_modified_after_sync_returns_changes_and_tombstones(api, db_url):
    await _seed(db_url)
    groups = await _all(api, "")
    since = max(g["modifiedAt"] for g in groups)
    _, nothing = await api.call("GET", "/v1/groups", params={"modifiedAfter": since}, headers=SYSTEM, status=200)
    assert nothing["data"] == []
    _, drafts = await api.call("GET", "/v1/admin/groups?limit=500", status=200)
    victim, changed = drafts["data"][0], drafts["data"][1]
    await api.call("DELETE", f"/v1/admin/groups/{victim['id']}", headers={**ADMIN, "If-Match": '"v1"'}, status=204)
    payload = {k: changed[k] for k in ("name", "course", "path", "variant", "targetRole", "venueId", "roomId", "termId",
                                       "teacherIds", "startDate", "endDate", "slots", "supportLanguages",
                                       "childPresent", "distance", "description")}  # fmt: skip
    payload["capacity"] = changed["capacity"] - 1
    await api.call("PUT", f"/v1/admin/groups/{changed['id']}", json=payload, headers={"If-Match": '"v1"'}, status=200)
    _, unpublished = await api.call("GET", "/v1/groups", params={"modifiedAfter": since}, headers=SYSTEM, status=200)
    assert unpublished["data"] == []  # drafts are not visible
    await api.call("POST", "/v1/publications", json={"publishNow": True}, status=201)
    _, sync = await api.call("GET", "/v1/groups", params={"modifiedAfter": since}, headers=SYSTEM, status=200)
    by_id = {g["id"]: g for g in sync["data"]}
    assert set(by_id) == {victim["id"], changed["id"]}
    assert by_id[victim["id"]]["deleted"] is True and "name" not in by_id[victim["id"]]
    assert by_id[changed["id"]]["capacity"] == changed["capacity"] - 1 and by_id[changed["id"]]["revision"] == 2
    await api.call("GET", f"/v1/groups/{victim['id']}", headers=ANON, status=404)
