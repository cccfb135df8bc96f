"""The ranked result of a mapping against the municipality's shortage list (the validation service alone)."""

from __future__ import annotations

import re

from tests.integration.validation_skills.support import BUS_DRIVER, RESIDENT, create, mapping, put_shortage

CARE_ROLES = {"5321", "5322", "5323", "5324", "5330", "5343"}


async def test_three_years_as_care_assistant_puts_assistant_nurse_first_with_its_way_there(client):
    await put_shortage(client)
    body = await create(client)
    first = body["result"]["occupations"][0]
    assert first["ssyk"] in {"5321", "5323"} and first["validation"]["role"] == "underskoterska"
    assert first["relevance"] == {"kind": "related", "ssyk": "5330", "fullTimeMonths": 36.0}
    assert first["validation"]["precheck"]["route"]["key"] == "route.experience"
    assert first["swedish"]["entryLevel"] == "D" and first["swedish"]["sfiLeft"] == ["D"]
    assert first["placements"]["href"].endswith(f"occupation={first['ssyk']}&status=open&current=true")


async def test_a_bus_driver_gets_bus_driver_first_and_no_care_role_before_it(client):
    await put_shortage(client)
    body = await create(client, mapping(BUS_DRIVER))
    ranked = [o["ssyk"] for o in body["result"]["occupations"]]
    assert ranked[0] == "8331" and CARE_ROLES.isdisjoint(ranked[:1])


async def test_reasons_follow_lang_then_accept_language_then_the_person_s_language(client):
    await put_shortage(client)
    body = await create(client, mapping(preferredLanguage="sv"))
    url = f"/v1/skills-mappings/{body['id']}"

    def first_reason(answer):
        return answer["result"]["occupations"][0]["reasons"][0]["text"]

    own = await (await client.get(url, headers=RESIDENT)).json()
    english = await (await client.get(url, headers={**RESIDENT, "Accept-Language": "de, en;q=0.8, sv;q=0.5"})).json()
    arabic = await (await client.get(url, headers={**RESIDENT, "Accept-Language": "ar, en;q=0.8"})).json()
    asked = await (await client.get(url + "?lang=sv", headers={**RESIDENT, "Accept-Language": "en"})).json()
    assert own["language"] == "sv" and first_reason(own).startswith("Din erfarenhet")
    assert english["language"] == "en" and first_reason(english).startswith("Your experience")
    assert arabic["language"] == "ar" and re.search(r"[\u0600-\u06ff]", first_reason(arabic))
    assert asked["language"] == "sv"
    assert body["language"] == "sv"  # the answer to the creation follows the same rule
