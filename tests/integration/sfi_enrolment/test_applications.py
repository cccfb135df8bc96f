"""Applying for SFI without e-ID (issue 18): reference + tracking code, following it, an administrator places it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.helpers import anonymous_header, identity_header
from tests.integration.sfi_enrolment.conftest import TODAY, add_group, make_base, make_learner, publish, resident

BASE = "/v1/enrolment-applications"


def application(**overrides):
    """An application as the public form sends it: a parent working afternoons who wants evening SFI."""
    body = {
        "course": "A", "path": 1, "name": "Hodan Ali", "contact": {"phone": "+46 70 123 45 67"},
        "preferredLanguage": "ar", "birthDate": "1991-04-02", "residence": "resident",
        "constraints": {"busyWindows": [{"weekdays": [1, 2, 3], "start": "13:00", "end": "16:30"}],
                        "preferredDayparts": ["morning"], "homeDistrict": "Centrum"},
    }  # fmt: skip
    body.update(overrides)
    return body


def placing(group: str, **overrides):
    body = {"groupId": group, "identityCheck": {"document": "passport", "personalNumber": None}}
    body.update(overrides)
    return body


def anon(**extra):
    return {**anonymous_header(), **extra}


async def _group(api, key="A-dag", **overrides):
    s = await make_base(api)
    await add_group(api, s, key, **{"course": "A", "path": 1, **overrides})
    await publish(api)
    return s.groups[key]


async def test_submit_gives_reference_and_code_and_the_code_shows_the_status(api):
    resp, receipt = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    assert receipt["reference"].startswith(f"SFI-{TODAY.year}-") and receipt["state"] == "waiting"
    code = receipt["trackingCode"]
    assert resp.headers["Cache-Control"] == "private, no-store"
    _, status = await api.call("GET", f"{BASE}/{receipt['reference']}", headers=anon(**{"X-Tracking-Code": code}),
                               status=200)  # fmt: skip
    assert status["state"] == "waiting" and status["placement"] is None
    # The applicant's view holds no personal data: the code proves access to the case, not to the person.
    assert "name" not in status and "contact" not in status and "trackingCode" not in status
    # The code as people type it: lower case, spaces instead of dashes.
    typed = code.lower().replace("-", " ")
    await api.call("GET", f"{BASE}/{receipt['reference']}", headers=anon(**{"X-Tracking-Code": typed}), status=200)


async def test_a_wrong_code_and_an_unknown_reference_get_the_same_answer(api):
    _, receipt = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    wrong = "0000-0000-0000-0000-0000"
    r1, p1 = await api.call("GET", f"{BASE}/{receipt['reference']}", headers=anon(**{"X-Tracking-Code": wrong}))
    r2, p2 = await api.call("GET", f"{BASE}/SFI-{TODAY.year}-ZZZZZZZZ", headers=anon(**{"X-Tracking-Code": wrong}))
    r3, p3 = await api.call("GET", f"{BASE}/{receipt['reference']}", headers=anon())
    # A resident holding no code is nobody to this application either.
    r4, p4 = await api.call("GET", f"{BASE}/{receipt['reference']}", headers=resident("someone"))
    assert r1.status == r2.status == r3.status == r4.status == 404
    strip = [{k: v for k, v in p.items() if k not in ("instance", "request_id")} for p in (p1, p2, p3, p4)]
    assert strip[0] == strip[1] == strip[2] == strip[3]


async def test_a_retry_with_the_same_key_returns_the_same_reference_and_the_first_code_keeps_working(api):
    headers = anon(**{"Idempotency-Key": "apply-once"})
    _, first = await api.call("POST", BASE, json=application(), headers=headers, status=201)
    resp, again = await api.call("POST", BASE, json=application(), headers=headers, status=201)
    assert resp.headers["Idempotent-Replayed"] == "true"
    assert again["reference"] == first["reference"] and again["id"] == first["id"]
    assert "trackingCode" not in again  # a replay mints no code, so none is shown to whoever replays
    await api.call("GET", f"{BASE}/{first['reference']}", headers=anon(**{"X-Tracking-Code": first["trackingCode"]}),
                   status=200)  # fmt: skip
    _, listed = await api.call("GET", BASE, status=200)
    assert [a["reference"] for a in listed["data"]] == [first["reference"]]
    # The same key for another application is refused, naming the header.
    _, problem = await api.call("POST", BASE, json=application(name="Other"), headers=headers, status=422)
    assert problem["errors"][0]["pointer"] == "/headers/Idempotency-Key"


async def test_concurrent_retries_make_one_application_whose_code_keeps_working(api):
    headers = anon(**{"Idempotency-Key": "double-click"})
    results = await asyncio.gather(*(api.call("POST", BASE, json=application(), headers=headers) for _ in range(8)))
    assert {r.status for r, _ in results} == {201}
    bodies = [b for _, b in results]
    assert len({b["reference"] for b in bodies}) == 1
    codes = [b["trackingCode"] for b in bodies if "trackingCode" in b]
    assert len(codes) == 1  # exactly one answer did the work; the rest replayed it
    await api.call("GET", f"{BASE}/{bodies[0]['reference']}", headers=anon(**{"X-Tracking-Code": codes[0]}),
                   status=200)  # fmt: skip
    _, listed = await api.call("GET", BASE, status=200)
    assert len(listed["data"]) == 1


async def test_bad_fields_are_422_with_pointers_and_nothing_is_stored(api):
    bad = application(contact={}, course="E", preferredLanguage="Arabic")
    _, problem = await api.call("POST", BASE, json=bad, headers=anon(), status=422)
    pointers = {e["pointer"] for e in problem["errors"]}
    assert {"/contact/email", "/course", "/preferredLanguage"} <= pointers
    ok_but_windows = application(constraints={"busyWindows": [{"weekdays": [1], "start": "18:00", "end": "08:00"}]},
                                 birthDate=(TODAY + timedelta(days=1)).isoformat())  # fmt: skip
    _, problem = await api.call("POST", BASE, json=ok_but_windows, headers=anon(), status=422)
    assert {e["pointer"] for e in problem["errors"]} == {"/constraints/busyWindows/0/end", "/birthDate"}
    _, listed = await api.call("GET", BASE, status=200)
    assert listed["data"] == []


async def test_admin_places_the_application_through_the_enrolment_rules(api):
    group = await _group(api, capacity=1)
    await make_learner(api, "already-there")
    await api.call("POST", f"/v1/groups/{group}/enrolments", headers=resident("already-there"), status=201)
    _, receipt = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    ref, code = receipt["reference"], receipt["trackingCode"]
    _, waiting = await api.call("GET", BASE, status=200)
    assert waiting["data"][0]["contact"] == {"email": None, "phone": "+46 70 123 45 67"}

    body = placing(group, identityCheck={"document": "passport", "personalNumber": "19910402-1233"})
    _, problem = await api.call("POST", f"{BASE}/{ref}/placement", json=body, status=422)
    assert problem["errors"][0]["pointer"] == "/identityCheck/personalNumber"

    number = "199104022380"
    resp, placed = await api.call(
        "POST", f"{BASE}/{ref}/placement", status=201, headers={**identity_header("admin-1", roles=("sfi_admin",)),
        "Idempotency-Key": "place-1"},
        json=placing(group, identityCheck={"document": "passport", "personalNumber": number}),
    )  # fmt: skip
    assert number not in await resp.text()
    assert placed["state"] == "placed" and placed["placement"]["status"] == "waitlisted"
    assert placed["placement"]["position"] == 1 and placed["identityCheck"]["document"] == "passport"
    _, learner = await api.call("GET", f"/v1/learners/{placed['learnerId']}", status=200)
    assert learner["personalNumberMasked"] == "19910402-****" and learner["preferredLanguage"] == "ar"
    assert learner["busyWindows"][0]["start"] == "13:00" and learner["phone"] == "+46 70 123 45 67"

    _, status = await api.call("GET", f"{BASE}/{ref}", headers=anon(**{"X-Tracking-Code": code}), status=200)
    assert status["state"] == "placed" and status["placement"]["position"] == 1
    assert status["placement"]["groupName"] == "A-dag"
    # Placed once: a second placement (another administrator, another key) is a conflict, not a second seat.
    await api.call("POST", f"{BASE}/{ref}/placement", json=placing(group), status=409)
    _, listed = await api.call("GET", BASE, status=200)
    assert listed["data"] == []


async def test_a_refusal_by_an_enrolment_rule_writes_nothing_and_leaves_it_waiting(api):
    group = await _group(api)
    _, receipt = await api.call("POST", BASE, json=application(residence="asylum_seeker"), headers=anon(),
                                status=201)  # fmt: skip
    ref = receipt["reference"]
    _, problem = await api.call("POST", f"{BASE}/{ref}/placement", json=placing(group), status=409)
    assert any(r["key"].startswith("why_not.eligibility") for r in problem["reasons"])
    _, status = await api.call("GET", f"{BASE}/{ref}", status=200)
    assert status["state"] == "waiting" and status["learnerId"] is None and status["identityCheck"] is None
    # The administrator saw the residence permit: corrected at the check, the same rules now give a seat.
    _, placed = await api.call("POST", f"{BASE}/{ref}/placement", json=placing(group, residence="resident"),
                               status=201)  # fmt: skip
    assert placed["placement"]["status"] == "enrolled"


async def test_course_prerequisites_apply_unless_a_mapping_placed_the_person(api):
    group = await _group(api, "C-dag", course="C")
    _, receipt = await api.call("POST", BASE, json=application(course="C"), headers=anon(), status=201)
    ref = receipt["reference"]
    _, problem = await api.call("POST", f"{BASE}/{ref}/placement", json=placing(group), status=422)
    assert problem["errors"][0]["pointer"] == "/course"
    _, placed = await api.call("POST", f"{BASE}/{ref}/placement", json=placing(group, placementCourse="C"),
                               status=201)  # fmt: skip
    assert placed["placement"]["status"] == "enrolled"


async def test_a_known_personal_number_places_the_existing_learner(api):
    group = await _group(api)
    known = await make_learner(api, "hodan", personalNumber="199104022380")
    _, receipt = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    _, placed = await api.call(
        "POST", f"{BASE}/{receipt['reference']}/placement", status=201,
        json=placing(group, identityCheck={"document": "swedish_id", "personalNumber": "910402-2380"}),
    )  # fmt: skip
    assert placed["learnerId"] == known["id"]


async def test_only_sfi_administrators_list_place_and_reject(api):
    group = await _group(api)
    _, receipt = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    ref, code = receipt["reference"], receipt["trackingCode"]
    for who in (resident("someone"), identity_header("cw", roles=("caseworker",)), anon(**{"X-Tracking-Code": code})):
        resp, _ = await api.call("GET", BASE, headers=who)
        assert resp.status in (401, 403)
        resp, _ = await api.call("POST", f"{BASE}/{ref}/placement", json=placing(group), headers=who)
        assert resp.status in (401, 403)
    _, rejected = await api.call("POST", f"{BASE}/{ref}/rejection", json={"reason": "Moved away"}, status=200)
    assert rejected["state"] == "rejected"
    _, status = await api.call("GET", f"{BASE}/{ref}", headers=anon(**{"X-Tracking-Code": code}), status=200)
    assert status["decisionNote"] == "Moved away"
    await api.call("POST", f"{BASE}/{ref}/placement", json=placing(group), status=409)


async def test_two_administrators_placing_at_once_make_one_enrolment(api):
    group = await _group(api)
    _, receipt = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    ref = receipt["reference"]
    results = await asyncio.gather(*(
        api.call("POST", f"{BASE}/{ref}/placement", json=placing(group),
                 headers=identity_header(f"admin-{i}", roles=("sfi_admin",)))
        for i in range(4)
    ))  # fmt: skip
    assert sorted(r.status for r, _ in results) == [201, 409, 409, 409]
    _, roster = await api.call("GET", f"/v1/admin/groups/{group}/roster", status=200)
    assert len(roster["data"]) == 1


async def test_protected_identity_contact_is_left_out_of_the_list_and_staff_reads_are_audited(api, db_url):
    import asyncpg

    _, receipt = await api.call("POST", BASE, json=application(protectedIdentity=True), headers=anon(), status=201)
    _, listed = await api.call("GET", BASE, status=200)
    assert listed["data"][0]["contact"] is None and listed["data"][0]["constraints"] == {}
    _, read = await api.call("GET", f"{BASE}/{receipt['reference']}", status=200)
    assert read["contact"]["phone"] == "+46 70 123 45 67"
    holder = anon(**{"X-Tracking-Code": receipt["trackingCode"]})
    await api.call("GET", f"{BASE}/{receipt['reference']}", headers=holder, status=200)
    conn = await asyncpg.connect(db_url)
    try:
        reads = await conn.fetch("SELECT application_id, reader FROM sfi.enrolment_application_reads")
    finally:
        await conn.close()
    assert [(str(r["application_id"]), r["reader"]) for r in reads] == [(receipt["id"], "admin-1")]


async def test_a_placement_without_a_study_path_is_422_naming_it(api):
    group = await _group(api)
    _, receipt = await api.call("POST", BASE, json=application(path=None), headers=anon(), status=201)
    _, problem = await api.call("POST", f"{BASE}/{receipt['reference']}/placement", json=placing(group), status=422)
    assert problem["errors"][0]["pointer"] == "/path"
    _, placed = await api.call("POST", f"{BASE}/{receipt['reference']}/placement", json=placing(group, path=1),
                               status=201)  # fmt: skip
    assert placed["path"] is None and placed["placement"]["status"] == "enrolled"


async def test_a_retried_placement_with_its_key_replays_without_a_second_seat(api):
    group = await _group(api)
    _, receipt = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    headers = {**identity_header("admin-1", roles=("sfi_admin",)), "Idempotency-Key": "place-once"}
    url = f"{BASE}/{receipt['reference']}/placement"
    _, first = await api.call("POST", url, json=placing(group), headers=headers, status=201)
    resp, again = await api.call("POST", url, json=placing(group), headers=headers, status=201)
    assert resp.headers["Idempotent-Replayed"] == "true" and again == first


async def test_decided_applications_are_purged_after_the_retention_and_learners_are_kept(api, db_url):
    import asyncpg

    from services.sfi_schedule.applications import service

    group = await _group(api)
    _, old = await api.call("POST", BASE, json=application(), headers=anon(), status=201)
    _, placed = await api.call("POST", f"{BASE}/{old['reference']}/placement", json=placing(group), status=201)
    _, fresh = await api.call("POST", BASE, json=application(name="New"), headers=anon(), status=201)
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute(
            "UPDATE sfi.enrolment_applications SET decided_at = now() - interval '13 months' WHERE reference = $1",
            old["reference"],
        )
        pool = await asyncpg.create_pool(db_url, min_size=1, max_size=2)
        try:
            assert await service.purge(pool, today=TODAY, months=12) == 1
        finally:
            await pool.close()
        left = await conn.fetch("SELECT reference FROM sfi.enrolment_applications")
        assert [r["reference"] for r in left] == [fresh["reference"]]
    finally:
        await conn.close()
    await api.call("GET", f"/v1/learners/{placed['learnerId']}", status=200)
