"""Admin writes: rules on save (422), double-booking (409), If-Match and Idempotency-Key."""

from __future__ import annotations

import asyncio

import pytest

from tests.helpers import identity_header
from tests.integration.sfi.conftest import ADMIN, ANON, group_payload


async def test_reference_data_and_group_roundtrip(api, base):
    created = await api.create("/v1/admin/groups", group_payload(base))
    resp, body = await api.call("GET", f"/v1/admin/groups/{created['id']}", status=200)
    assert resp.headers["ETag"] == '"v1"'
    assert body["slots"] == [{"weekday": 1, "start": "09:00", "end": "12:00", "interval": "every"}]
    assert body["providerId"] == base.provider and body["course"] == "B"


async def test_admin_routes_refuse_anonymous_and_residents(api, base):
    await api.call("GET", "/v1/admin/groups", headers=ANON, status=401)
    await api.call("POST", "/v1/admin/groups", headers=identity_header(), json=group_payload(base), status=403)


async def test_evening_group_starting_at_16_is_422(api, base):
    payload = group_payload(base, variant="evening", slots=[{"weekday": 2, "start": "16:00", "end": "19:00"}])
    _, body = await api.call("POST", "/v1/admin/groups", json=payload, status=422)
    assert body["errors"][0]["pointer"] == "/slots/0/start"


async def test_open_preschool_group_with_expired_registerkontroll_is_422(api, base):
    payload = group_payload(
        base, variant="parental_leave_open_preschool", venueId=base.preschool, roomId=None, capacity=10,
        teacherIds=[base.expired], childPresent=True, slots=[{"weekday": 2, "start": "10:00", "end": "12:00"}],
    )  # fmt: skip
    _, body = await api.call("POST", "/v1/admin/groups", json=payload, status=422)
    assert [e["pointer"] for e in body["errors"]] == ["/teacherIds/0"]
    assert "Cecilia" in body["errors"][0]["message"]
    payload["teacherIds"] = [base.anna]
    await api.call("POST", "/v1/admin/groups", json=payload, status=201)


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"capacity": 21}, "/capacity"),
        ({"course": "A", "path": 1, "distance": True}, "/distance"),
        ({"venueId": "00000000-0000-0000-0000-000000000000"}, "/venueId"),
        ({"endDate": "2026-08-01"}, "/endDate"),
        ({"slots": [{"weekday": 8, "start": "09:00", "end": "12:00"}]}, "/slots/0/weekday"),
    ],
)
async def test_rule_violations_are_422_with_pointer(api, base, overrides, pointer):
    _, body = await api.call("POST", "/v1/admin/groups", json=group_payload(base, **overrides), status=422)
    assert pointer in [e["pointer"] for e in body["errors"]]


async def test_odd_week_group_double_booking_a_teacher_is_409_naming_group_and_date(api, base):
    await api.create("/v1/admin/groups", group_payload(base, name="Varje vecka"))
    odd = group_payload(
        base, name="Udda veckor", roomId=base.small_room, capacity=8,
        slots=[{"weekday": 1, "start": "11:00", "end": "13:00", "interval": "odd"}],
    )  # fmt: skip
    _, body = await api.call("POST", "/v1/admin/groups", json=odd, status=409)
    first = body["conflicts"][0]
    assert first["otherGroupName"] == "Varje vecka" and first["resource"] == "teacher"
    assert first["date"] == "2026-08-24"  # Monday of ISO week 35, the first odd week
    assert "Varje vecka" in body["detail"] and "2026-08-24" in body["detail"]


async def test_room_double_booking_is_409_and_even_weeks_against_odd_weeks_are_fine(api, base):
    await api.create("/v1/admin/groups", group_payload(base, name="Udda", slots=[
        {"weekday": 3, "start": "09:00", "end": "12:00", "interval": "odd"}]))  # fmt: skip
    even = group_payload(base, name="Jämna", teacherIds=[base.bertil], slots=[
        {"weekday": 3, "start": "09:00", "end": "12:00", "interval": "even"}])  # fmt: skip
    await api.call("POST", "/v1/admin/groups", json=even, status=201)
    every = group_payload(base, name="Alla", teacherIds=[base.bertil], slots=[
        {"weekday": 3, "start": "10:00", "end": "11:00"}])  # fmt: skip
    _, body = await api.call("POST", "/v1/admin/groups", json=every, status=409)
    assert {c["resource"] for c in body["conflicts"]} == {"teacher", "room"}


async def test_concurrent_saves_cannot_both_take_the_same_teacher(api, base):
    payloads = [group_payload(base, name=f"Samtidig {i}", roomId=None) for i in range(4)]
    results = await asyncio.gather(*(api.client.post("/v1/admin/groups", json=p, headers=ADMIN) for p in payloads))
    assert sorted(r.status for r in results) == [201, 409, 409, 409]


async def test_update_needs_if_match_and_refuses_a_stale_one(api, base):
    created = await api.create("/v1/admin/groups", group_payload(base))
    path = f"/v1/admin/groups/{created['id']}"
    await api.call("PUT", path, json=group_payload(base, capacity=15), status=428)
    resp, body = await api.call(
        "PUT", path, json=group_payload(base, capacity=15), headers={"If-Match": '"v1"'}, status=200
    )
    assert body["version"] == 2 and resp.headers["ETag"] == '"v2"'
    await api.call("PUT", path, json=group_payload(base, capacity=16), headers={"If-Match": '"v1"'}, status=412)


async def test_create_with_idempotency_key_returns_the_first_result(api, base):
    headers = {"Idempotency-Key": "group-create-1"}
    _, first = await api.call("POST", "/v1/admin/groups", json=group_payload(base), headers=headers, status=201)
    _, again = await api.call("POST", "/v1/admin/groups", json=group_payload(base), headers=headers, status=201)
    assert again["id"] == first["id"]
    _, listed = await api.call("GET", "/v1/admin/groups", status=200)
    assert len(listed["data"]) == 1


async def test_exceptions_cancel_move_and_are_checked_for_double_booking(api, base):
    a = await api.create("/v1/admin/groups", group_payload(base, name="A"))
    tuesday = [{"weekday": 2, "start": "09:00", "end": "12:00"}]
    b = await api.create(
        "/v1/admin/groups", group_payload(base, name="B", roomId=base.small_room, capacity=8, slots=tuesday)
    )
    move = {"originalStart": "2026-09-08T09:00", "newStart": "2026-09-07T10:00", "newEnd": "2026-09-07T11:00"}
    _, body = await api.call("POST", f"/v1/admin/groups/{b['id']}/exceptions", json=move, status=409)
    assert body["conflicts"][0]["otherGroupName"] == "A" and body["conflicts"][0]["date"] == "2026-09-07"
    cancel = {"originalStart": "2026-09-07T09:00:00+02:00", "cancelled": True}
    exc = await api.create(f"/v1/admin/groups/{a['id']}/exceptions", cancel)
    assert exc["originalStart"] == "2026-09-07T09:00:00+02:00" and exc["occurrenceId"]
    await api.call("POST", f"/v1/admin/groups/{b['id']}/exceptions", json=move, status=201)
    stray = {"originalStart": "2026-09-07T13:00", "cancelled": True}
    _, body = await api.call("POST", f"/v1/admin/groups/{a['id']}/exceptions", json=stray, status=422)
    assert body["errors"][0]["pointer"] == "/originalStart"
