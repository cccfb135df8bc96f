"""Issue 22, Must show 3, through the real gateway in front of the real validation and sfi services.

A person with three years as vårdbiträde (5330) and upper-secondary education abroad gets undersköterska first
among the shortage occupations, with the validation pre-check, the SFI level and the open placements; a bus
driver (8331) does not get care roles first. A caseworker then turns the result into a placement proposal and
into a validation application, each in one step.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.sfi_schedule.app import create_app as create_sfi
from services.validation.shortage.demo import DEMO_MUNICIPALITY
from shared.clock import SYSTEM_CLOCK
from tests.helpers import Fresh
from tests.integration.gateway.conftest import bearer
from tests.integration.sfi_enrolment.conftest import app_settings
from tests.integration.validation_skills.support import BUS_DRIVER, mapping, wire_entries

CARE_CODES = {"5321", "5322", "5323", "5324", "5330", "5343"}
KARIN = Fresh(lambda: bearer("karin", "caseworker"))
ERIK = Fresh(lambda: bearer("erik", "sfi_admin"))
AMAL = Fresh(lambda: bearer("amal", "resident"))
BO = Fresh(lambda: bearer("bo", "resident"))


class Through:
    """Calls at the gateway's public URLs, checking the status."""

    def __init__(self, client) -> None:
        self.client = client

    async def __call__(self, method: str, path: str, who: dict, status: int, **kw: Any) -> Any:
        resp = await self.client.request(method, path, headers={**who, **kw.pop("headers", {})}, **kw)
        body = await resp.json() if "json" in resp.content_type else await resp.text()
        assert resp.status == status, (method, path, resp.status, body)
        return body


async def _placement(call: Through, workplace: str, title: str, occupation: str, kind: str) -> dict[str, Any]:
    today = SYSTEM_CLOCK.today()  # the sfi service's own "today" (placements that have ended are not offered)
    return await call("POST", "/api/sfi/v1/placements", ERIK, 201, json={
        "workplaceId": workplace, "title": title, "occupation": occupation, "kind": kind,
        "hours": [{"weekdays": [2, 4], "start": "13:00", "end": "17:00"}], "startDate": today.isoformat(),
        "endDate": (today + timedelta(days=120)).isoformat(), "seats": 2, "sfiLevel": "B",
        "mentor": {"name": "Maja"}, "languages": ["ar"]})  # fmt: skip


async def _workplaces(call: Through) -> dict[str, dict[str, Any]]:
    """An elderly-care unit with a språkpraktik in 5321, a bus company and a café with yrkespraktik."""
    out = {}
    for name, kind, sector, occupation, placement_kind in [
        ("Lindgårdens äldreboende", "municipal", "elderly_care", "5321", "sprakpraktik"),
        ("Kalmar Buss AB", "private", "other", "8331", "yrkespraktik"),
        ("Kafé Kvarnholmen", "private", "other", "9412", "yrkespraktik"),
    ]:  # fmt: skip
        workplace = await call("POST", "/api/sfi/v1/workplaces", ERIK, 201, json={
            "name": name, "employerKind": kind, "sector": sector, "street": "Storgatan 1", "city": "Kalmar",
            "contact": {"name": "Eva Lind"}})  # fmt: skip
        out[occupation] = await _placement(call, workplace["id"], f"Praktik: {name}", occupation, placement_kind)
    return out


async def test_must_show_3_care_assistant_gets_assistant_nurse_first_with_precheck_sfi_and_placements(
    gateway, make_client, settings_env, db_url, client
):
    sfi = await make_client(create_sfi(app_settings(settings_env, db_url)))
    call = Through(
        await gateway(validation=str(client.make_url("")).rstrip("/"), sfi=str(sfi.make_url("")).rstrip("/"))
    )
    await call("PUT", f"/api/validation/v1/shortage-occupations/{DEMO_MUNICIPALITY}", KARIN, 200,
               json={"note": "Prognos 2026", "entries": wire_entries()})  # fmt: skip
    public = await call("GET", "/api/validation/v1/shortage-occupations", {}, 200)
    assert public["version"] == 1 and len(public["data"]) == 8
    placements = await _workplaces(call)

    # Three years as vårdbiträde and upper-secondary education abroad.
    amal = await call("POST", "/api/validation/v1/skills-mappings", AMAL, 201, json=mapping(),
                      headers={"Idempotency-Key": "amal-mapping"})  # fmt: skip
    composed = await call("GET", f"/api/skills/v1/mappings/{amal['id']}?lang=sv", AMAL, 200)
    assert composed["complete"] is True and composed["missing"] == []
    first = composed["result"]["occupations"][0]
    assert first["ssyk"] == "5321" and first["title"].startswith("Undersköterskor")
    assert first["validation"]["role"] == "underskoterska" and first["validation"]["title"] == "Undersköterska"
    precheck = first["validation"]["precheck"]
    assert precheck["route"]["key"] == "route.experience"
    [experience] = [r for r in precheck["routes"] if r["route"] == "experience"]
    assert experience["met"] is True and experience["details"]["fullTimeMonths"] == 36.0
    assert first["swedish"]["entryLevel"] == "D" and first["swedish"]["sfiLeft"] == ["D"]
    assert [c["code"] for c in first["swedish"]["courses"]] == ["SVASVA01"]
    assert first["swedish"]["texts"][0]["text"].startswith("För att börja behöver du ha klarat SFI kurs D")
    assert [p["id"] for p in first["placements"]["data"]] == [placements["5321"]["id"]]
    assert first["reasons"][0]["key"] == "skills.reason.related"
    assert [o["ssyk"] for o in composed["result"]["occupations"][:3]] == ["5321", "5323", "5322"]

    # A bus driver does not get care roles first, and sees the bus company's placement.
    bo = await call("POST", "/api/validation/v1/skills-mappings", BO, 201, json=mapping(BUS_DRIVER))
    bus = await call("GET", f"/api/skills/v1/mappings/{bo['id']}", BO, 200)
    ranked = [o["ssyk"] for o in bus["result"]["occupations"]]
    assert ranked[0] == "8331" and ranked[0] not in CARE_CODES
    assert [p["id"] for p in bus["result"]["occupations"][0]["placements"]["data"]] == [placements["8331"]["id"]]
    assert bus["result"]["occupations"][0]["validation"]["role"] is None

    # One step each: a placement proposal (for Amal's SFI learner profile) and a validation application.
    learner = await call("PUT", "/api/sfi/v1/learners/me", AMAL, 201,
                         json={"path": 3, "displayName": "Amal Hassan", "preferredLanguage": "sv"})  # fmt: skip
    proposal = await call("POST", f"/api/skills/v1/mappings/{amal['id']}/placement-proposals", KARIN, 201,
                          json={"placementId": placements["5321"]["id"]})  # fmt: skip
    assert proposal["state"] == "proposed" and proposal["learner"]["id"] == learner["id"]
    mine = await call("GET", "/api/sfi/v1/placement-agreements", AMAL, 200)
    assert [a["id"] for a in mine["data"]] == [proposal["id"]]
    refused = await call("POST", f"/api/skills/v1/mappings/{amal['id']}/placement-proposals", KARIN, 409,
                         json={"placementId": placements["9412"]["id"]})  # fmt: skip
    assert "9412" in refused["detail"]
    await call("POST", f"/api/skills/v1/mappings/{amal['id']}/placement-proposals", AMAL, 403,
               json={"placementId": placements["5321"]["id"]})  # fmt: skip
    case = await call("POST", f"/api/validation/v1/skills-mappings/{amal['id']}/applications", KARIN, 201, json={
        "ssyk": "5321", "contact": {"email": "amal@example.org"},
        "noSwedishNumber": {"documentType": "passport", "country": "SY"}})  # fmt: skip
    assert case["targetRole"] == "underskoterska" and case["precheck"]["route"]["key"] == precheck["route"]["key"]
    await call("GET", f"/api/validation/v1/applications/{case['id']}", AMAL, 200)


async def test_an_anonymous_person_reads_the_composed_result_with_the_tracking_code_only(
    gateway, make_client, settings_env, db_url, client
):
    sfi = await make_client(create_sfi(app_settings(settings_env, db_url)))
    call = Through(
        await gateway(validation=str(client.make_url("")).rstrip("/"), sfi=str(sfi.make_url("")).rstrip("/"))
    )
    await call("PUT", f"/api/validation/v1/shortage-occupations/{DEMO_MUNICIPALITY}", KARIN, 200,
               json={"entries": wire_entries()})  # fmt: skip
    made = await call("POST", "/api/validation/v1/skills-mappings", {}, 201, json=mapping())
    code = {"X-Tracking-Code": made["trackingCode"]}
    await call("GET", f"/api/skills/v1/mappings/{made['id']}", {}, 401)
    await call("GET", f"/api/skills/v1/mappings/{made['id']}", {"X-Tracking-Code": "WRONG-CODE"}, 404)
    composed = await call("GET", f"/api/skills/v1/mappings/{made['id']}", code, 200)
    first = composed["result"]["occupations"][0]
    assert first["ssyk"] == "5321" and first["placements"]["signInNeeded"] is True
    assert first["placements"]["data"] is None and composed["complete"] is True


async def test_the_result_comes_without_placements_when_sfi_is_down(gateway, client):
    call = Through(await gateway(validation=str(client.make_url("")).rstrip("/")))  # sfi: nobody listening
    await call("PUT", f"/api/validation/v1/shortage-occupations/{DEMO_MUNICIPALITY}", KARIN, 200,
               json={"entries": wire_entries()})  # fmt: skip
    made = await call("POST", "/api/validation/v1/skills-mappings", AMAL, 201, json=mapping())
    composed = await call("GET", f"/api/skills/v1/mappings/{made['id']}", AMAL, 200)
    assert composed["complete"] is False and composed["missing"] == ["sfi.placements"]
    assert composed["result"]["occupations"][0]["ssyk"] == "5321"
    assert composed["result"]["occupations"][0]["placements"]["data"] is None
