"""A caseworker turns a mapping into a validation application in one step."""

from __future__ import annotations

import pytest

from tests.integration.validation_skills.support import (
    ANONYMOUS,
    CASEWORKER,
    RESIDENT,
    create,
    key,
    mapping,
    put_shortage,
)

PERSONAL = {"contact": {"email": "amal@example.org"}, "noSwedishNumber": {"documentType": "passport", "country": "SY"}}


async def convert(client, mapping_id: str, body: dict, *, headers=CASEWORKER, status: int = 201, idem=None):
    """POST the conversion and return the answer."""
    resp = await client.post(f"/v1/skills-mappings/{mapping_id}/applications", json=body,
                             headers={**headers, **(idem or key())})  # fmt: skip
    answer = await resp.json()
    assert resp.status == status, answer
    return answer


async def test_the_application_gets_the_mapping_s_work_and_the_same_pre_check_and_belongs_to_its_owner(client):
    await put_shortage(client)
    made = await create(client, headers=RESIDENT)
    shown = made["result"]["occupations"][0]["validation"]["precheck"]
    case = await convert(client, made["id"], {"ssyk": "5321", **PERSONAL})
    assert case["targetRole"] == "underskoterska" and case["state"] == "submitted"
    assert case["name"] == {"given": "Amal", "family": "Hassan"}
    assert case["experience"][0]["ssyk"] == "5330" and case["experience"][0]["extentPercent"] == 100
    assert case["precheck"]["route"] == shown["route"]
    assert case["precheck"]["routes"][0]["details"]["fullTimeMonths"] == 36.0
    own = await client.get(f"/v1/applications/{case['id']}", headers=RESIDENT)
    assert own.status == 200
    events = await (await client.get(f"/v1/applications/{case['id']}/events", headers=CASEWORKER)).json()
    assert events["data"][0]["actor"] == "caseworker-1" and events["data"][0]["actorRole"] == "caseworker"
    again = await (await client.get(f"/v1/skills-mappings/{made['id']}", headers=RESIDENT)).json()
    assert [(a["id"], a["ssyk"], a["targetRole"]) for a in again["applications"]] == [
        (case["id"], "5321", "underskoterska")
    ]


async def test_the_mapping_s_tracking_code_opens_the_application_made_from_it(client):
    made = await create(client, headers=ANONYMOUS)
    case = await convert(client, made["id"], {"targetRole": "barnskotare", **PERSONAL})
    assert "trackingCode" not in case
    opened = await client.get(f"/v1/applications/{case['id']}",
                              headers={**ANONYMOUS, "X-Tracking-Code": made["trackingCode"]})  # fmt: skip
    assert opened.status == 200 and (await opened.json())["targetRole"] == "barnskotare"


@pytest.mark.parametrize("who", [RESIDENT, ANONYMOUS])
async def test_only_caseworkers_make_applications_of_mappings(client, who):
    made = await create(client, headers=RESIDENT)
    refused = 401 if who is ANONYMOUS else 403
    await convert(client, made["id"], {"ssyk": "5321", **PERSONAL}, headers=who, status=refused)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"ssyk": "8331", **PERSONAL}, "/ssyk"),
        ({"ssyk": "5321", "targetRole": "underskoterska", **PERSONAL}, "/ssyk"),
        ({"targetRole": "pilot", **PERSONAL}, "/targetRole"),
        ({"ssyk": "5321", "noSwedishNumber": {"documentType": "passport"}}, "/contact"),
        ({"ssyk": "5321", "contact": {"email": "a@example.org"}}, "/identity"),
        ({"ssyk": "5321", "contact": {"email": "a@example.org"}, "identity": {"number": "811218-9875"}},
         "/identity/number"),
    ],
)  # fmt: skip
async def test_what_is_missing_or_wrong_is_a_422_naming_the_field(client, body, pointer):
    made = await create(client, headers=RESIDENT)
    answer = await convert(client, made["id"], body, status=422)
    assert pointer in [e["pointer"] for e in answer["errors"]]


async def test_a_mapping_without_a_name_needs_one_in_the_request(client):
    made = await create(client, mapping(name=None), headers=RESIDENT)
    answer = await convert(client, made["id"], {"ssyk": "5321", **PERSONAL}, status=422)
    assert "/name" in [e["pointer"] for e in answer["errors"]]
    named = await convert(client, made["id"], {"ssyk": "5321", "name": {"given": "Sara", "family": "Ali"}, **PERSONAL})
    assert named["name"] == {"given": "Sara", "family": "Ali"}


async def test_a_retry_makes_one_application_and_answers_its_receipt(client):
    made = await create(client, headers=RESIDENT)
    idem = key()
    first = await convert(client, made["id"], {"ssyk": "5321", **PERSONAL}, idem=idem)
    replay = await convert(client, made["id"], {"ssyk": "5321", **PERSONAL}, idem=idem)
    assert replay["id"] == first["id"] and "contact" not in replay
    again = await (await client.get(f"/v1/skills-mappings/{made['id']}", headers=CASEWORKER)).json()
    assert len(again["applications"]) == 1


async def test_an_unknown_mapping_is_404(client):
    await convert(client, "00000000-0000-4000-8000-000000000000", {"ssyk": "5321", **PERSONAL}, status=404)
