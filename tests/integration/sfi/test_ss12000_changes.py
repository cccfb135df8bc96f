"""SS 12000 over a schedule that changes: deletions show in deletedEntities (groups, their activities and
sessions, rooms, teachers, learners who become protected), and exceptions show on the calendar events."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg
import pytest

from services.sfi_schedule.export.ids import duty_id
from tests.integration.sfi.conftest import ANON, SYSTEM, group_payload
from tests.integration.sfi.ss12000_support import API, LEARNERS, all_pages, assert_valid, enrol, items, standard

IF_V1 = {"If-Match": '"v1"'}
AUTUMN = {"startTime.onOrAfter": "2026-08-01T00:00:00+02:00", "startTime.onOrBefore": "2026-12-31T23:59:59+01:00"}


@pytest.fixture(autouse=True)
def _standard_present():
    standard()


async def _publish(api) -> str:
    """Publish now; the time of publication (deletions happen after it)."""
    _, pub = await api.call("POST", "/v1/publications", json={"publishNow": True}, status=201)
    return pub["publishedAt"]


async def _deleted(api, who=SYSTEM, **params) -> dict[str, list[str]]:
    pages = await all_pages(api, "deletedEntities", headers=who, limit=2, **params)
    for page in pages:
        assert_valid("DeletedEntities", page)
    out: dict[str, list[str]] = {}
    for page in pages:
        for key, ids in page["data"].items():
            out.setdefault(key, []).extend(ids)
    return out


async def _events(api, who=SYSTEM, **params) -> list[dict]:
    return items(await all_pages(api, "calendarEvents", headers=who, limit=500, **AUTUMN, **params))


async def test_a_deleted_group_is_listed_with_its_activity_and_sessions(api, base):
    keep = await api.create("/v1/admin/groups", group_payload(base, name="Behålls"))
    gone = await api.create("/v1/admin/groups", group_payload(base, name="Tas bort", roomId=base.small_room,
                                                              capacity=8, teacherIds=[base.bertil]))  # fmt: skip
    since = await _publish(api)
    sessions = [e["id"] for e in await _events(api, activity=gone["id"])]
    assert sessions and not any((await _deleted(api, after=since)).values())
    await api.call("DELETE", f"/v1/admin/groups/{gone['id']}", headers=IF_V1, status=204)
    await _publish(api)
    deleted = await _deleted(api, after=since)
    assert deleted["groups"] == [gone["id"]] and deleted["activitites"] == [gone["id"]]
    assert sorted(deleted["calendarEvents"]) == sorted(sessions)
    assert not any(keep["id"] in ids for ids in deleted.values())
    only_groups = await _deleted(api, after=since, entities="Group")
    assert only_groups == {"groups": [gone["id"]]}
    await api.call("GET", f"{API}/groups/{gone['id']}", headers=SYSTEM, status=404)
    await api.call("GET", f"{API}/calendarEvents/{sessions[0]}", headers=SYSTEM, status=404)
    later = datetime.now().astimezone().isoformat()
    assert not any((await _deleted(api, after=later)).values())


async def test_a_removed_weekly_slot_deletes_only_its_sessions(api, base):
    two_days = [{"weekday": 1, "start": "09:00", "end": "12:00", "interval": "every"},
                {"weekday": 3, "start": "09:00", "end": "12:00", "interval": "every"}]  # fmt: skip
    group = await api.create("/v1/admin/groups", group_payload(base, slots=two_days))
    since = await _publish(api)
    before = await _events(api, activity=group["id"])
    wednesdays = {e["id"] for e in before if datetime.fromisoformat(e["startTime"]).isoweekday() == 3}
    payload = {k: v for k, v in group_payload(base, slots=two_days[:1]).items()}
    await api.call("PUT", f"/v1/admin/groups/{group['id']}", json=payload, headers=IF_V1, status=200)
    await _publish(api)
    deleted = await _deleted(api, after=since, entities="CalendarEvent")
    assert set(deleted["calendarEvents"]) == wednesdays
    assert {e["id"] for e in await _events(api, activity=group["id"])} == {e["id"] for e in before} - wednesdays


async def test_deleted_rooms_and_teachers_are_listed_teachers_only_to_staff(api, base):
    since = datetime.now().astimezone().isoformat()
    await api.call("DELETE", f"/v1/admin/rooms/{base.small_room}", headers=IF_V1, status=204)
    await api.call("DELETE", f"/v1/admin/teachers/{base.expired}", headers=IF_V1, status=204)
    staff = await _deleted(api, after=since)
    assert staff["rooms"] == [base.small_room]
    assert staff["persons"] == [base.expired] and staff["duties"] == [str(duty_id(base.expired))]
    public = await _deleted(api, ANON, after=since)
    assert public["rooms"] == [base.small_room] and public["persons"] == [] and public["duties"] == []
    assert base.expired not in [p["id"] for p in items(await all_pages(api, "persons", headers=SYSTEM))]


async def test_a_learner_who_becomes_protected_is_deleted_from_ss12000(api, base, db_url):
    group = await api.create("/v1/admin/groups", group_payload(base))
    await _publish(api)
    learner = {"id": str(uuid.uuid4()), "name": "Lina Larsson", "number": "199001012385"}
    conn = await asyncpg.connect(db_url)
    try:
        await enrol(conn, learner, uuid.UUID(group["id"]), protected=False)
        _, seen = await api.call("GET", f"{API}/groups/{group['id']}", headers=LEARNERS, status=200)
        assert [m["person"]["id"] for m in seen["groupMemberships"]] == [learner["id"]]
        since = datetime.now().astimezone().isoformat()
        await conn.execute("UPDATE sfi.learners SET protected_identity = true, updated_at = now() WHERE id = $1",
                           uuid.UUID(learner["id"]))  # fmt: skip
        assert (await _deleted(api, LEARNERS, after=since))["persons"] == [learner["id"]]
        assert (await _deleted(api, SYSTEM, after=since))["persons"] == []  # never seen without the persons scope
        _, now = await api.call("GET", f"{API}/groups/{group['id']}", headers=LEARNERS, status=200)
        assert now["groupMemberships"] == []
        await api.call("GET", f"{API}/persons/{learner['id']}", headers=LEARNERS, status=404)
        await conn.execute("UPDATE sfi.learners SET protected_identity = false WHERE id = $1", uuid.UUID(learner["id"]))
        assert (await _deleted(api, LEARNERS, after=since))["persons"] == []  # visible again: no longer deleted
    finally:
        await conn.close()


async def test_exceptions_show_as_cancelled_moved_and_substituted_events(api, base):
    group = await api.create("/v1/admin/groups", group_payload(base))
    gid = group["id"]
    exceptions = [
        {"originalStart": "2026-09-07T09:00", "cancelled": True},
        {"originalStart": "2026-09-14T09:00", "newStart": "2026-09-15T13:00", "newEnd": "2026-09-15T16:00"},
        {"originalStart": "2026-09-21T09:00", "teacherIds": [base.bertil], "roomId": base.small_room},
    ]
    for exc in exceptions:
        await api.create(f"/v1/admin/groups/{gid}/exceptions", exc)
    await _publish(api)
    events = {e["startTime"][:16]: e for e in await _events(api, activity=gid)}
    assert events["2026-09-07T09:00"]["cancelled"] is True
    moved = events["2026-09-15T13:00"]
    assert moved["cancelled"] is False and moved["endTime"].startswith("2026-09-15T16:00")
    assert moved["comment"] == "Flyttad från 2026-09-14T09:00+02:00" and "2026-09-14T09:00" not in events
    substituted = events["2026-09-21T09:00"]
    assert substituted["rooms"] == [{"id": base.small_room}]
    assert substituted["teacherExceptions"] == [
        {"duty": {"id": str(duty_id(base.anna))}, "participates": False},
        {"duty": {"id": str(duty_id(base.bertil))}, "participates": True},
    ]
    assert "teacherExceptions" not in (await _events(api, ANON, activity=gid))[0]
    assert [e["id"] for e in await _events(api, teacher=str(duty_id(base.bertil)))] == [substituted["id"]]
    for event in events.values():
        assert_valid("CalendarEvent", event)


@pytest.mark.parametrize(
    ("sortkey", "field", "descending"),
    [("StartDateAsc", "startDate", False), ("StartDateDesc", "startDate", True), ("EndDateAsc", "endDate", False),
     ("EndDateDesc", "endDate", True)],
)  # fmt: skip
async def test_groups_sort_by_dates(api, base, sortkey, field, descending):
    dates = [("2026-08-17", "2026-12-18"), ("2026-09-01", "2026-11-30"), ("2026-10-05", "2027-01-29")]
    for n, (start, end) in enumerate(dates):
        await api.create("/v1/admin/groups", group_payload(base, name=f"Grupp {n}", startDate=start, endDate=end,
                                                           teacherIds=[], roomId=None,
                                                           slots=[{"weekday": n + 1, "start": "09:00", "end": "12:00",
                                                                   "interval": "every"}]))  # fmt: skip
    await _publish(api)
    found = items(await all_pages(api, "groups", headers=ANON, limit=2, sortkey=sortkey))
    values = [g[field] for g in found]
    assert len(values) == 3 and values == sorted(values, reverse=descending)
