"""Issue 22, Must show 1, through the real gateway in front of the real sfi service on PostgreSQL.

An administrator registers a municipal elderly-care workplace and a Tue/Thu 13–17 språkpraktik; a learner in a
Mon/Wed evening group is matched to it; after the agreement the learner's busy time includes the placement and
matching no longer offers Tue/Thu afternoon groups; SFI changes that collide with the placement are refused,
naming it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.sfi_schedule.app import create_app
from tests.helpers import Fresh
from tests.integration.gateway.conftest import bearer
from tests.integration.sfi_enrolment.conftest import END, START, TODAY, app_settings

ADMIN = Fresh(lambda: bearer("admin-erik", "sfi_admin"))
AMAL = Fresh(lambda: bearer("amal", "resident"))
MON_WED_EVENING = [{"weekday": 1, "start": "18:00", "end": "21:00", "interval": "every"},
                   {"weekday": 3, "start": "18:00", "end": "21:00", "interval": "every"}]  # fmt: skip
TUE_THU_AFTERNOON = [{"weekday": 2, "start": "13:00", "end": "16:00", "interval": "every"},
                     {"weekday": 4, "start": "13:00", "end": "16:00", "interval": "every"}]  # fmt: skip


class Through:
    """Calls at the gateway's public URLs."""

    def __init__(self, client) -> None:
        self.client = client

    async def __call__(self, method: str, path: str, who: dict, status: int, **kw: Any) -> Any:
        resp = await self.client.request(method, "/api/sfi/v1" + path, headers={**who, **kw.pop("headers", {})}, **kw)
        body = await resp.json() if "json" in resp.content_type else await resp.text()
        assert resp.status == status, (method, path, resp.status, body)
        return body


async def _schedule(call: Through) -> dict[str, str]:
    """A school, two C groups (Mon/Wed evening, Tue/Thu afternoon), published."""
    provider = (await call("POST", "/admin/providers", ADMIN, 201, json={"name": "Vuxenutbildningen"}))["id"]
    school = (await call("POST", "/admin/venues", ADMIN, 201, json={
        "providerId": provider, "name": "Centrumskolan", "kind": "school", "district": "Centrum"}))["id"]  # fmt: skip
    groups = {}
    for name, variant, slots in [("Kväll mån/ons", "evening", MON_WED_EVENING),
                                 ("Eftermiddag tis/tor", "standard", TUE_THU_AFTERNOON)]:  # fmt: skip
        teacher = await call("POST", "/admin/teachers", ADMIN, 201, json={"providerId": provider, "name": name})
        groups[name] = (await call("POST", "/admin/groups", ADMIN, 201, json={
            "name": name, "course": "C", "path": 3, "variant": variant, "venueId": school,
            "teacherIds": [teacher["id"]], "capacity": 20, "startDate": START.isoformat(),
            "endDate": END.isoformat(), "slots": slots}))["id"]  # fmt: skip
    await call("POST", "/publications", ADMIN, 201, json={"note": "hösten", "publishNow": True})
    return groups


async def test_must_show_1_a_placement_becomes_busy_time_and_colliding_sfi_changes_are_refused(
    gateway, make_client, settings_env, db_url
):
    sfi = await make_client(create_app(app_settings(settings_env, db_url)))
    call = Through(await gateway(sfi=str(sfi.make_url("")).rstrip("/")))
    groups = await _schedule(call)

    # The administrator registers a municipal elderly-care unit and a Tue/Thu 13–17 språkpraktik.
    workplace = await call("POST", "/workplaces", ADMIN, 201, headers={"Idempotency-Key": "lindgarden"}, json={
        "name": "Lindgårdens äldreboende", "employerKind": "municipal", "sector": "elderly_care",
        "street": "Lindvägen 40", "city": "Staden", "contact": {"name": "Eva Lind", "subject": "eva"}})  # fmt: skip
    placement = await call("POST", "/placements", ADMIN, 201, json={
        "workplaceId": workplace["id"], "title": "Språkpraktik i äldreomsorgen", "occupation": "5321",
        "kind": "sprakpraktik", "hours": [{"weekdays": [2, 4], "start": "13:00", "end": "17:00"}],
        "startDate": TODAY.isoformat(), "endDate": (TODAY + timedelta(days=120)).isoformat(), "seats": 3,
        "sfiLevel": "B", "mentor": {"name": "Maja"}, "languages": ["ar"]})  # fmt: skip

    # A learner in a Mon/Wed evening group is matched to it, both ways.
    amal = await call("PUT", "/learners/me", AMAL, 201, json={"path": 3, "displayName": "Amal Hassan",
                                                              "preferredLanguage": "sv", "birthDate": "1991-03-02",
                                                              "residence": "resident"})  # fmt: skip
    seat = await call("POST", f"/groups/{groups['Kväll mån/ons']}/enrolments", AMAL, 201, json={})
    mine = await call("POST", "/placements/matches", AMAL, 200, json={})
    assert [m["placementId"] for m in mine["data"]] == [placement["id"]]
    assert "passar med SFI-gruppen Kväll mån/ons" in [r["text"] for r in mine["data"][0]["reasons"]]
    who = await call("GET", f"/placements/{placement['id']}/candidates", ADMIN, 200)
    assert [m["learnerId"] for m in who["data"]] == [amal["id"]]

    # Before the agreement the afternoon group still fits her.
    before = await call("POST", "/matches", AMAL, 200, json={"course": "C"})
    assert groups["Eftermiddag tis/tor"] in [m["groupId"] for m in before["data"]]

    # The agreement: proposed, then agreed; the placement's hours become her busy time.
    agreement = await call("POST", f"/placements/{placement['id']}/agreements", ADMIN, 201,
                           json={"learnerId": amal["id"]}, headers={"Idempotency-Key": "amal-lindgarden"})  # fmt: skip
    agreed = await call("POST", f"/placement-agreements/{agreement['id']}/transitions", ADMIN, 200,
                        json={"to": "agreed"}, headers={"If-Match": f'"v{agreement["version"]}"'})  # fmt: skip
    assert agreed["state"] == "agreed"
    profile = await call("GET", "/learners/me", AMAL, 200)
    [busy] = profile["placementBusyWindows"]
    assert (busy["weekdays"], busy["start"], busy["end"], busy["kind"], busy["placementId"]) == (
        [2, 4], "13:00", "17:00", "placement", placement["id"])  # fmt: skip

    # Matching no longer offers Tue/Thu afternoon groups, and says why.
    after = await call("POST", "/matches", AMAL, 200, json={"course": "C"})
    assert groups["Eftermiddag tis/tor"] not in [m["groupId"] for m in after["data"]]
    [miss] = [m for m in after["nearMisses"] if m["groupId"] == groups["Eftermiddag tis/tor"]]
    assert {w["key"] for w in miss["whyNot"]} == {"why_not.collides.placement"}

    # SFI changes that collide are refused with 409 naming the placement and the time.
    await call("POST", f"/enrolments/{seat['id']}/withdraw", AMAL, 200)
    refused = await call("POST", f"/groups/{groups['Eftermiddag tis/tor']}/enrolments", AMAL, 409, json={})
    assert "Språkpraktik i äldreomsorgen" in refused["detail"] and "13:00–17:00" in refused["detail"]
    assert refused["collision"]["placementId"] == placement["id"]
    await call("POST", f"/groups/{groups['Kväll mån/ons']}/enrolments", AMAL, 201, json={})

    draft = await call("GET", f"/admin/groups/{groups['Kväll mån/ons']}", ADMIN, 200)
    keep = ("name", "course", "path", "venueId", "teacherIds", "capacity", "startDate", "endDate")
    moved = {k: draft[k] for k in keep} | {"variant": "standard", "slots": TUE_THU_AFTERNOON}
    await call("PUT", f"/admin/groups/{groups['Kväll mån/ons']}", ADMIN, 200, json=moved,
               headers={"If-Match": f'"v{draft["version"]}"'})  # fmt: skip
    refused = await call("POST", "/publications", ADMIN, 409, json={"note": "kvällen flyttas", "publishNow": True})
    assert "Språkpraktik i äldreomsorgen" in refused["detail"] and "Amal Hassan" in refused["detail"]
