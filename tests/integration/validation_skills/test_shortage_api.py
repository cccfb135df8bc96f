"""Shortage occupations: public reads, versions kept as history, If-Match, who may edit, bad lists."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from tests.helpers import identity_header
from tests.integration.validation_skills.support import (
    ANONYMOUS,
    CASEWORKER,
    RESIDENT,
    SFI_ADMIN,
    put_shortage,
    wire_entries,
)

URL = "/v1/shortage-occupations"


async def test_a_municipality_without_a_list_reads_as_version_0_and_anyone_may_read(client):
    resp = await client.get(URL, headers=ANONYMOUS)
    body = await resp.json()
    assert resp.status == 200 and body["version"] == 0 and body["data"] == [] and body["municipality"] == "0880"
    assert resp.headers["ETag"] == '"v0"'


async def test_every_change_is_a_new_version_and_old_versions_stay_readable(client, db_url):
    first = await put_shortage(client)
    assert first["version"] == 1 and [e["ssyk"] for e in first["data"]][:3] == ["5321", "5323", "5322"]
    assert first["data"][0]["titleSv"].startswith("Undersköterskor") and first["data"][0]["role"] == "underskoterska"
    fewer = wire_entries()[:2]
    second = await put_shortage(client, fewer, if_match='"v1"')
    assert second["version"] == 2 and len(second["data"]) == 2
    latest = await (await client.get(URL, headers=ANONYMOUS)).json()
    old = await (await client.get(URL + "?version=1&lang=en", headers=ANONYMOUS)).json()
    assert latest["version"] == 2 and len(old["data"]) == 8 and old["data"][0]["demand"]["text"].startswith("Large")
    assert (await client.get(URL + "?version=9", headers=ANONYMOUS)).status == 404
    conn = await asyncpg.connect(db_url)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("UPDATE validation.shortage_entries SET demand_level = 'surplus'")
    finally:
        await conn.close()


async def test_a_change_must_name_the_version_it_replaces(client):
    await put_shortage(client)
    await put_shortage(client, status=428)
    await put_shortage(client, if_match='"v7"', status=412)
    answers = await asyncio.gather(*(
        client.put(f"{URL}/0880", json={"entries": wire_entries()}, headers={**CASEWORKER, "If-Match": '"v1"'})
        for _ in range(4)
    ))  # fmt: skip
    assert sorted(r.status for r in answers) == [200, 412, 412, 412]


async def test_the_first_list_of_another_municipality_needs_no_if_match(client):
    body = await put_shortage(client, municipality="1780")
    assert body["municipality"] == "1780" and body["version"] == 1
    assert (await (await client.get(URL + "?municipality=1780", headers=ANONYMOUS)).json())["version"] == 1


@pytest.mark.parametrize("who", [RESIDENT, SFI_ADMIN, ANONYMOUS])
async def test_only_caseworkers_edit(client, who):
    resp = await client.put(f"{URL}/0880", json={"entries": wire_entries()}, headers=who)
    assert resp.status in (401, 403)


async def test_a_system_with_validation_write_may_import_a_list(client):
    system = identity_header("forecast-import", kind="system", roles=(), scopes=("validation:write",))
    reader = identity_header("reader", kind="system", roles=(), scopes=("validation:read",))
    assert (await client.put(f"{URL}/0880", json={"entries": wire_entries()}, headers=reader)).status == 403
    assert (await client.put(f"{URL}/0880", json={"entries": wire_entries()}, headers=system)).status == 200


@pytest.mark.parametrize(
    ("entries", "pointer"),
    [
        ([{"ssyk": "5321", "demandLevel": "huge", "source": "AF", "sourceDate": "2026-01-01"}],
         "/entries/0/demandLevel"),
        ([{"ssyk": "5321", "demandLevel": "shortage", "source": "", "sourceDate": "2026-01-01"}], "/entries/0/source"),
        ([{"ssyk": "5321", "demandLevel": "shortage", "source": "AF", "sourceDate": "2027-01-01"}],
         "/entries/0/sourceDate"),
        ([{"ssyk": "5321", "demandLevel": "shortage", "source": "AF", "sourceDate": "2026-01-01"}] * 2,
         "/entries/1/ssyk"),
        ([{"ssyk": "2221", "demandLevel": "shortage", "source": "AF", "sourceDate": "2026-01-01"}], "/entries/0/title"),
        ([{"ssyk": "abcd", "demandLevel": "shortage", "source": "AF", "sourceDate": "2026-01-01"}], "/entries/0/ssyk"),
    ],
)  # fmt: skip
async def test_a_bad_list_is_refused_naming_the_entry(client, entries, pointer):
    resp = await client.put(f"{URL}/0880", json={"entries": entries}, headers=CASEWORKER)
    assert resp.status == 422, await resp.text()
    assert pointer in [e["pointer"] for e in (await resp.json())["errors"]]


async def test_an_occupation_outside_the_register_keeps_its_own_title(client):
    entry = {"ssyk": "2221", "title": "Sjuksköterskor", "demandLevel": "large_shortage", "source": "Region Kalmar",
             "sourceDate": "2026-05-01"}  # fmt: skip
    body = await put_shortage(client, [entry])
    assert body["data"][0]["titleSv"] == "Sjuksköterskor" and body["data"][0]["role"] is None


async def test_a_path_that_names_no_municipality_is_404(client):
    resp = await client.put(f"{URL}/kalmar", json={"entries": []}, headers=CASEWORKER)
    assert resp.status == 404


async def test_the_register_lists_each_occupation_with_its_way_in(client):
    body = await (await client.get("/v1/occupations", headers=ANONYMOUS)).json()
    by_code = {o["ssyk"]: o for o in body["data"]}
    assert by_code["5321"]["role"] == "underskoterska" and by_code["5321"]["sfiLevel"] == "D"
    assert by_code["5321"]["swedishCourses"] == ["SVASVA01"] and by_code["8331"]["drivingLicences"] == ["D"]
    assert {"5311", "5120", "8331", "9111", "5343", "5330"} <= set(by_code)
