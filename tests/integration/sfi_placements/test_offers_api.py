"""Workplaces and placement offers through the sfi API: rules, idempotency, ETags, lists and who sees what."""

from __future__ import annotations

import asyncio

from tests.helpers import anonymous_header
from tests.integration.sfi_enrolment.conftest import admin, make_base, resident
from tests.integration.sfi_placements.conftest import (
    TUE_THU_AFTERNOON,
    caseworker,
    contact,
    make_placement,
    make_workplace,
    placement_body,
    workplace_body,
)


async def test_an_administrator_registers_a_municipal_elderly_care_unit_and_an_offer(api):
    workplace = await make_workplace(api)
    assert (workplace["employerKind"], workplace["sector"], workplace["contact"]["subject"]) == (
        "municipal", "elderly_care", "contact-1")  # fmt: skip
    offer = await make_placement(api, workplace["id"])
    assert offer["hours"] == [{"weekdays": [2, 4], "start": "13:00", "end": "17:00", "weeks": "every"}]
    assert (offer["freeSeats"], offer["weeklyHours"], offer["workplace"]["name"]) == (3, 8.0, workplace["name"])


async def test_a_retry_with_the_same_idempotency_key_creates_one_workplace(api):
    headers = {**admin(), "Idempotency-Key": "wp-1"}
    first, second = await asyncio.gather(
        api.call("POST", "/v1/workplaces", json=workplace_body(), headers=headers, status=201),
        api.call("POST", "/v1/workplaces", json=workplace_body(), headers=headers, status=201),
    )
    assert first[1]["id"] == second[1]["id"]
    _, page = await api.call("GET", "/v1/workplaces", status=200)
    assert len(page["data"]) == 1 and page["pageToken"] is None


async def test_bad_input_is_a_422_naming_each_field(api):
    workplace = await make_workplace(api)
    cases = [
        (workplace_body(sector="preschool"), "/needsRegisterkontroll"),
        (workplace_body(street=None), "/street"),
        (workplace_body(employerKind="state"), "/employerKind"),
        (workplace_body(latitude=59.3, longitude=None), "/longitude"),
    ]
    for body, pointer in cases:
        _, problem = await api.call("POST", "/v1/workplaces", json=body, status=422)
        assert pointer in [e["pointer"] for e in problem["errors"]], (pointer, problem)
    offers = [
        (placement_body(workplace["id"], occupation="53"), "/occupation"),
        (placement_body(workplace["id"], hours=[{"weekdays": [2], "start": "17:00", "end": "13:00"}]), "/hours/0/end"),
        (placement_body(workplace["id"], hours=[]), "/hours"),
        (placement_body(workplace["id"], endDate="2020-01-01"), "/endDate"),
        (placement_body(workplace["id"], seats=0), "/seats"),
        (placement_body(workplace["id"], sfiLevel="E"), "/sfiLevel"),
        (placement_body(workplace["id"], kind="praktik"), "/kind"),
        (placement_body("6b2b332b-648c-43b7-8ed1-91b603577b20"), "/workplaceId"),
        (placement_body(workplace["id"], languages=["Arabic!"]), "/languages/0"),
    ]
    for body, pointer in offers:
        _, problem = await api.call("POST", "/v1/placements", json=body, status=422)
        assert pointer in [e["pointer"] for e in problem["errors"]], (pointer, problem)


async def test_a_workplace_at_an_sfi_venue_takes_the_venues_address(api):
    schedule = await make_base(api)
    workplace = await make_workplace(api, venueId=schedule.school, street=None, district=None, latitude=None,
                                     longitude=None)  # fmt: skip
    assert (workplace["venueId"], workplace["district"], workplace["latitude"]) == (schedule.school, "Centrum", 59.3293)


async def test_updates_need_the_current_etag(api):
    workplace = await make_workplace(api)
    path = f"/v1/workplaces/{workplace['id']}"
    await api.call("PUT", path, json=workplace_body(name="Nytt namn"), status=428)
    resp, _ = await api.call("GET", path, status=200)
    etag = resp.headers["ETag"]
    assert (await api.client.get(path, headers={**admin(), "If-None-Match": etag})).status == 304
    await api.call("PUT", path, json=workplace_body(name="Nytt namn"), headers={**admin(), "If-Match": etag},
                   status=200)  # fmt: skip
    await api.call("PUT", path, json=workplace_body(name="Igen"), headers={**admin(), "If-Match": etag},
                   status=412)  # fmt: skip
    offer = await make_placement(api, workplace["id"])
    resp, _ = await api.call("GET", f"/v1/placements/{offer['id']}", status=200)
    assert resp.headers["ETag"] == '"v1.3"'  # the version and the free seats
    await api.call("PUT", f"/v1/placements/{offer['id']}", json=placement_body(workplace["id"], seats=4),
                   headers={**admin(), "If-Match": resp.headers["ETag"]}, status=200)  # fmt: skip


async def test_only_administrators_register_and_learners_see_offers_without_the_mentors_contact(api):
    workplace = await make_workplace(api)
    await api.call("POST", "/v1/workplaces", json=workplace_body(), headers=caseworker(), status=403)
    await api.call("POST", "/v1/workplaces", json=workplace_body(), headers=resident("amal"), status=403)
    offer = await make_placement(api, workplace["id"])
    _, seen = await api.call("GET", f"/v1/placements/{offer['id']}", headers=resident("amal"), status=200)
    assert seen["mentor"] == {"name": "Maja Handledare"}
    _, staff = await api.call("GET", f"/v1/placements/{offer['id']}", headers=caseworker(), status=200)
    assert staff["mentor"]["email"] == "maja@example.se"
    await api.call("GET", "/v1/workplaces", headers=resident("amal"), status=403)


async def test_a_workplace_contact_sees_only_their_own_workplaces_and_offers(api):
    mine = await make_workplace(api)
    other = await make_workplace(api, name="Köket", sector="kitchen", contact={"name": "Per", "subject": "contact-2"})
    await make_placement(api, mine["id"])
    await make_placement(api, other["id"], title="Kökspraktik", occupation="5120")
    _, page = await api.call("GET", "/v1/workplaces", headers=contact(), status=200)
    assert [w["id"] for w in page["data"]] == [mine["id"]]
    assert "subject" not in page["data"][0]["contact"]
    await api.call("GET", f"/v1/workplaces/{other['id']}", headers=contact(), status=404)
    _, offers = await api.call("GET", "/v1/placements?mine=true", headers=contact(), status=200)
    assert [p["title"] for p in offers["data"]] == ["Språkpraktik i äldreomsorgen"]


async def test_the_offer_list_pages_and_filters(api):
    workplace = await make_workplace(api)
    for n in range(5):
        await make_placement(api, workplace["id"], title=f"Praktik {n}", occupation="5321" if n % 2 else "9111")
    _, first = await api.call("GET", "/v1/placements?limit=2", status=200)
    seen = [p["id"] for p in first["data"]]
    token = first["pageToken"]
    while token:
        _, page = await api.call("GET", f"/v1/placements?limit=2&pageToken={token}", status=200)
        seen += [p["id"] for p in page["data"]]
        token = page["pageToken"]
    assert len(set(seen)) == 5
    _, care = await api.call("GET", "/v1/placements?occupation=53", status=200)
    assert {p["occupation"] for p in care["data"]} == {"5321"} and len(care["data"]) == 2
    await api.call("GET", "/v1/placements?occupation=x", status=422)
    await api.call("GET", "/v1/placements?limit=501", status=422)
    _, problem = await api.call("GET", f"/v1/placements?occupation=53&pageToken={first['pageToken']}", status=400)
    assert "other filters" in problem["detail"]


async def test_anonymous_callers_are_refused(api):
    await api.call("GET", "/v1/placements", headers=anonymous_header(), status=401)


ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WIDE = str.maketrans("0123456789-:", "０１２３４５６７８９－：")


async def test_numbers_dates_and_times_typed_with_other_digits_are_read_as_ascii(api):
    # Issue 16 "normalisation at the edge": an Arabic or Japanese keyboard's digits are the same numbers here too.
    workplace = await make_workplace(api, contact={"name": "Eva Lind", "phone": "٠٧٠-١٢٣ ٤٥ ٦٧", "subject": "c-1"})
    assert workplace["contact"]["phone"] == "070-123 45 67"
    body = placement_body(workplace["id"])
    hours = [{**TUE_THU_AFTERNOON[0], "start": "١٣:٠٠", "end": "17:00".translate(WIDE)}]
    offer = await make_placement(api, workplace["id"], occupation="٥٣٢١", hours=hours, seats="٣",
                                 startDate=body["startDate"].translate(ARABIC),
                                 endDate=body["endDate"].translate(WIDE))  # fmt: skip
    assert (offer["occupation"], offer["seats"], offer["startDate"], offer["endDate"]) == (
        "5321", 3, body["startDate"], body["endDate"])  # fmt: skip
    assert (offer["hours"][0]["start"], offer["hours"][0]["end"]) == ("13:00", "17:00")
    _, problem = await api.call("POST", "/v1/placements", json=placement_body(workplace["id"], occupation="٥٣"),
                                status=422)  # fmt: skip
    assert [e["pointer"] for e in problem["errors"]] == ["/occupation"]
