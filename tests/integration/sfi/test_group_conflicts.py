"""The administrator's list of draft groups that collide with another group now, though each was fine when saved."""

from __future__ import annotations

import asyncpg

from tests.helpers import identity_header
from tests.integration.sfi.conftest import ANON, group_payload

CONFLICTS = "/v1/admin/groups/conflicts"


async def _listed(api) -> dict[str, dict]:
    _, body = await api.call("GET", CONFLICTS, status=200)
    return {item["groupId"]: item for item in body["data"]}


async def test_group_colliding_after_its_term_lost_a_study_free_day_is_listed_naming_the_other_group(api, base):
    term = {"name": "HT 2026", "firstDay": "2026-08-17", "lastDay": "2026-12-18",
            "studyFreeDays": [{"from": "2026-09-07", "to": "2026-09-07", "reason": "studiedag"}]}  # fmt: skip
    term_id = (await api.create("/v1/admin/terms", term))["id"]
    mondays = await api.create("/v1/admin/groups", group_payload(base, name="Måndagar", termId=term_id))
    one_day = group_payload(base, name="Studiedagen", roomId=base.small_room, capacity=8,
                            startDate="2026-09-07", endDate="2026-09-07")  # fmt: skip
    studiedagen = await api.create("/v1/admin/groups", one_day)  # Anna is free: no Monday session on the 7th
    tuesdays = await api.create("/v1/admin/groups", group_payload(
        base, name="Tisdagar", slots=[{"weekday": 2, "start": "09:00", "end": "12:00"}]))  # fmt: skip
    assert await _listed(api) == {}

    await api.call("PUT", f"/v1/admin/terms/{term_id}", json={**term, "studyFreeDays": []},
                   headers={"If-Match": '"v1"'}, status=200)  # fmt: skip

    listed = await _listed(api)
    assert set(listed) == {mondays["id"], studiedagen["id"]}
    assert tuesdays["id"] not in listed
    (clash,) = listed[mondays["id"]]["conflicts"]
    assert clash["otherGroupName"] == "Studiedagen" and clash["otherGroupId"] == studiedagen["id"]
    assert (clash["resource"], clash["resourceId"], clash["date"]) == ("teacher", base.anna, "2026-09-07")
    assert clash["otherStart"].startswith("2026-09-07T09:00") and clash["otherEnd"].startswith("2026-09-07T12:00")
    assert listed[mondays["id"]]["conflictCount"] == 1
    assert listed[studiedagen["id"]]["conflicts"][0]["otherGroupName"] == "Måndagar"
    # Saving the listed group now is refused with the same clash: the list checks as a save does.
    _, refused = await api.call("PUT", f"/v1/admin/groups/{studiedagen['id']}", json=one_day,
                                headers={"If-Match": '"v1"'}, status=409)  # fmt: skip
    assert refused["conflicts"] == [listed[studiedagen["id"]]["conflicts"][0]]


async def test_group_moved_into_a_taken_room_behind_the_checks_is_listed_with_the_room(api, base, db_url):
    first = await api.create("/v1/admin/groups", group_payload(base, name="Sal 1 måndag"))
    second = await api.create("/v1/admin/groups", group_payload(
        base, name="Sal 2 måndag", roomId=base.small_room, capacity=8, teacherIds=[base.bertil]))  # fmt: skip
    assert await _listed(api) == {}
    conn = await asyncpg.connect(db_url)
    try:  # as an old import or a hand edit in the database would
        await conn.execute("UPDATE sfi.groups SET room_id = $1 WHERE id = $2", base.room, second["id"])
    finally:
        await conn.close()

    listed = await _listed(api)
    assert set(listed) == {first["id"], second["id"]}
    conflicts = listed[second["id"]]["conflicts"]
    assert {(c["resource"], c["resourceId"], c["otherGroupName"]) for c in conflicts} == {
        ("room", base.room, "Sal 1 måndag")
    }
    assert conflicts[0]["date"] == "2026-08-17"  # the first Monday, then every Monday that is not a holiday
    assert listed[second["id"]]["conflictCount"] == len(conflicts) > 10


async def test_deleted_groups_neither_collide_nor_are_listed(api, base, db_url):
    kept = await api.create("/v1/admin/groups", group_payload(base, name="Kvar"))
    gone = await api.create("/v1/admin/groups", group_payload(
        base, name="Borttagen", roomId=base.small_room, capacity=8, teacherIds=[base.bertil]))  # fmt: skip
    await api.call("DELETE", f"/v1/admin/groups/{gone['id']}", headers={"If-Match": '"v1"'}, status=204)
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute("UPDATE sfi.groups SET room_id = $1 WHERE id = $2", base.room, gone["id"])
    finally:
        await conn.close()
    assert kept["id"] not in await _listed(api)


async def test_only_sfi_administrators_may_list_conflicts(api):
    _, body = await api.call("GET", CONFLICTS, status=200)
    assert body == {"data": [], "pageToken": None}
    await api.call("GET", CONFLICTS, headers=ANON, status=401)
    await api.call("GET", CONFLICTS, headers=identity_header(), status=403)
    await api.call("GET", CONFLICTS, headers=identity_header("t-1", roles=("teacher",)), status=403)


async def test_conflict_list_is_described_in_the_openapi_document(api):
    _, spec = await api.call("GET", "/openapi.json", status=200)
    operation = spec["paths"][CONFLICTS]["get"]
    assert operation["operationId"] == "listDraftGroupConflicts"
    assert {"200", "401", "403"} <= set(operation["responses"])
