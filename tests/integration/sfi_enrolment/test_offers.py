"""Withdrawal → offer to the first in line → expiry passes it on; every step logged; exactly once on two replicas."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from services.sfi_schedule.app import create_app
from services.sfi_schedule.config import CONFIG
from services.sfi_schedule.enrolment.offers import expire_offers
from shared.db import DB_POOL
from tests.integration.sfi_enrolment.conftest import (
    Api,
    add_group,
    app_settings,
    make_base,
    make_learner,
    publish,
    resident,
)


async def _full_group_with_queue(api: Api, capacity: int = 1, waiting: int = 2):
    s = await make_base(api)
    await add_group(api, s, "A-dag", course="A", capacity=capacity)
    await publish(api)
    group = s.groups["A-dag"]
    ids = {}
    for sub in ["seated", *[f"wait-{i}" for i in range(1, waiting + 1)]]:
        await make_learner(api, sub, displayName=sub)
        _, body = await api.call("POST", f"/v1/groups/{group}/enrolments", headers=resident(sub), status=201)
        ids[sub] = body
    return group, ids


async def _my_offer(api: Api, sub: str):
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident(sub), status=200)
    return mine["offers"][0] if mine["offers"] else None


async def test_withdrawal_offers_seat_to_position_1_and_expiry_passes_it_to_position_2(
    api, make_client, settings_env, db_url
):
    group, ids = await _full_group_with_queue(api)
    assert [ids["wait-1"]["position"], ids["wait-2"]["position"]] == [1, 2]
    await api.call("POST", f"/v1/enrolments/{ids['seated']['id']}/withdraw", headers=resident("seated"), status=200)
    first = await _my_offer(api, "wait-1")
    assert first is not None and await _my_offer(api, "wait-2") is None
    expires = datetime.fromisoformat(first["expiresAt"])
    assert timedelta(hours=47) < expires - datetime.now(UTC) <= timedelta(hours=48)

    # Two replicas run the expiry job at the same moment, after the offer window.
    replicas = [create_app(app_settings(settings_env, db_url)) for _ in range(2)]
    for app in replicas:
        await make_client(app)
    later = datetime.now(UTC) + timedelta(hours=49)
    counts = await asyncio.gather(*(expire_offers(app[DB_POOL], config=app[CONFIG], now=later) for app in replicas))
    assert sorted(counts) == [0, 1]
    second = await _my_offer(api, "wait-2")
    assert second is not None and await _my_offer(api, "wait-1") is None
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("wait-1"), status=200)
    assert mine["data"][0]["status"] == "expired"

    _, log = await api.call("GET", f"/v1/admin/allocation-log?groupId={group}", status=200)
    steps = [(e["action"], e["learnerId"]) for e in log["data"]]
    learner = {sub: body["learnerId"] for sub, body in ids.items()}
    assert steps == [
        ("enrolled", learner["seated"]),
        ("waitlisted", learner["wait-1"]),
        ("waitlisted", learner["wait-2"]),
        ("withdrawn", learner["seated"]),
        ("offered", learner["wait-1"]),
        ("expired", learner["wait-1"]),
        ("offered", learner["wait-2"]),
    ]
    assert all(e["reason"] for e in log["data"])

    _, enrolled = await api.call("POST", f"/v1/offers/{second['id']}/accept", headers=resident("wait-2"), status=200)
    assert enrolled["status"] == "enrolled"
    _, roster = await api.call("GET", f"/v1/admin/groups/{group}/roster", status=200)
    assert [r["name"] for r in roster["data"]] == ["wait-2"]


async def test_a_declined_offer_passes_at_once_and_cannot_be_accepted_afterwards(api):
    _, ids = await _full_group_with_queue(api)
    await api.call("POST", f"/v1/enrolments/{ids['seated']['id']}/withdraw", headers=resident("seated"), status=200)
    offer = await _my_offer(api, "wait-1")
    await api.call("POST", f"/v1/offers/{offer['id']}/decline", headers=resident("wait-1"), status=200)
    assert await _my_offer(api, "wait-2") is not None
    await api.call("POST", f"/v1/offers/{offer['id']}/accept", headers=resident("wait-1"), status=409)


async def test_someone_elses_offer_is_not_found(api):
    _, ids = await _full_group_with_queue(api)
    await api.call("POST", f"/v1/enrolments/{ids['seated']['id']}/withdraw", headers=resident("seated"), status=200)
    offer = await _my_offer(api, "wait-1")
    await api.call("POST", f"/v1/offers/{offer['id']}/accept", headers=resident("wait-2"), status=404)


async def test_moving_to_another_group_keeps_the_original_queue_time(api):
    s = await make_base(api)
    await add_group(api, s, "A1", course="A", capacity=1)
    await add_group(api, s, "A2", course="A", capacity=1, slots=[{"weekday": 3, "start": "09:00", "end": "12:00"}])
    await publish(api)
    for sub, group in [("x", "A1"), ("y", "A2"), ("early", "A1"), ("late", "A2")]:
        await make_learner(api, sub)
        await api.call("POST", f"/v1/groups/{s.groups[group]}/enrolments", headers=resident(sub), status=201)
    _, mine = await api.call("GET", "/v1/me/enrolments", headers=resident("early"), status=200)
    entry = mine["data"][0]
    _, moved = await api.call(
        "POST", f"/v1/enrolments/{entry['id']}/move", json={"groupId": s.groups["A2"]}, headers=resident("early"),
        status=200,
    )  # fmt: skip
    assert moved["queuedAt"] == entry["queuedAt"]
    assert moved["position"] == 1  # ahead of "late", who queued for A2 after "early" queued for A1


async def test_any_group_that_fits_gets_a_free_seat_elsewhere_from_the_sweep(api):
    from services.sfi_schedule.enrolment.offers import sweep_free_seats

    s = await make_base(api)
    await add_group(api, s, "A1", course="A", capacity=1)
    await publish(api)
    for sub in ("x", "flex"):
        await make_learner(api, sub)
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("x"), status=201)
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", json={"anyGroupThatFits": True},
                   headers=resident("flex"), status=201)  # fmt: skip
    await add_group(api, s, "A2", course="A", capacity=5, slots=[{"weekday": 4, "start": "09:00", "end": "12:00"}])
    await publish(api)
    app = api.client.server.app
    assert await sweep_free_seats(app[DB_POOL], config=app[CONFIG]) == 1
    offer = await _my_offer(api, "flex")
    assert offer["groupId"] == s.groups["A2"]


async def test_a_seat_held_by_an_open_offer_counts_as_taken(api):
    group, ids = await _full_group_with_queue(api, waiting=1)
    await api.call("POST", f"/v1/enrolments/{ids['seated']['id']}/withdraw", headers=resident("seated"), status=200)
    assert (await _my_offer(api, "wait-1")) is not None
    await make_learner(api, "newcomer")
    _, late = await api.call("POST", f"/v1/groups/{group}/enrolments", headers=resident("newcomer"), status=201)
    assert late["status"] == "waitlisted" and late["position"] == 1


async def test_a_newcomer_does_not_take_a_free_seat_ahead_of_a_waiter_it_fits(api):
    s = await make_base(api)
    await add_group(api, s, "A1", course="A", capacity=1)
    await publish(api)
    for sub in ("x", "flex", "newcomer"):
        await make_learner(api, sub)
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", headers=resident("x"), status=201)
    await api.call("POST", f"/v1/groups/{s.groups['A1']}/enrolments", json={"anyGroupThatFits": True},
                   headers=resident("flex"), status=201)  # fmt: skip
    await add_group(api, s, "A2", course="A", capacity=1, slots=[{"weekday": 4, "start": "09:00", "end": "12:00"}])
    await publish(api)  # A2's seat is free and flex waits for any group that fits; no job has run yet
    _, late = await api.call("POST", f"/v1/groups/{s.groups['A2']}/enrolments", headers=resident("newcomer"),
                             status=201)  # fmt: skip
    assert late["status"] == "waitlisted" and late["position"] == 1
    offer = await _my_offer(api, "flex")
    assert offer is not None and offer["groupId"] == s.groups["A2"]
