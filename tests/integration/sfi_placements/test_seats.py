"""Seats are concurrency-safe, as for enrolment: 50 agreements at once on a 3-seat placement give exactly 3."""

from __future__ import annotations

import asyncio

from tests.integration.sfi_enrolment.conftest import admin, make_learner
from tests.integration.sfi_placements.conftest import make_placement, make_workplace


async def test_fifty_concurrent_agreements_on_a_three_seat_placement_give_exactly_three(api):
    workplace = await make_workplace(api)
    offer = await make_placement(api, workplace["id"], seats=3)
    learners = [await make_learner(api, f"learner-{n:02d}", path=3) for n in range(50)]

    async def ask(learner: dict) -> tuple[int, dict]:
        resp = await api.client.post(f"/v1/placements/{offer['id']}/agreements", json={"learnerId": learner["id"]},
                                     headers={**admin(), "Idempotency-Key": f"ask-{learner['id']}"})  # fmt: skip
        return resp.status, await resp.json()

    answers = await asyncio.gather(*(ask(learner) for learner in learners))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] * 3 + [409] * 47
    refusals = {body["detail"] for status, body in answers if status == 409}
    assert refusals == {"All 3 seats of Språkpraktik i äldreomsorgen are taken"}
    _, seen = await api.call("GET", f"/v1/placements/{offer['id']}", status=200)
    assert seen["freeSeats"] == 0
    _, listed = await api.call("GET", f"/v1/placement-agreements?placementId={offer['id']}", status=200)
    assert sorted(a["id"] for a in listed["data"]) == sorted(b["id"] for s, b in answers if s == 201)


async def test_a_retried_proposal_keeps_its_seat_and_takes_no_second_one(api):
    workplace = await make_workplace(api)
    offer = await make_placement(api, workplace["id"], seats=2)
    learner = await make_learner(api, "amal", path=3)
    headers = {**admin(), "Idempotency-Key": "same-request"}
    path = f"/v1/placements/{offer['id']}/agreements"
    first, second = await asyncio.gather(
        api.client.post(path, json={"learnerId": learner["id"]}, headers=headers),
        api.client.post(path, json={"learnerId": learner["id"]}, headers=headers),
    )
    assert (first.status, second.status) == (201, 201)
    assert (await first.json())["id"] == (await second.json())["id"]
    assert "true" in (first.headers.get("Idempotent-Replayed", ""), second.headers.get("Idempotent-Replayed", ""))
    _, seen = await api.call("GET", f"/v1/placements/{offer['id']}", status=200)
    assert seen["freeSeats"] == 1
