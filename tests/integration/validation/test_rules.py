"""Validation rules through the API: relevant experience, SAMSAM01a1, digits of other scripts, who sees what."""

from __future__ import annotations

import json

import asyncpg
import pytest

from services.validation.applications import service as applications
from services.validation.catalogue import queries as catalogue
from tests.helpers import identity_header
from tests.integration.validation.support import (
    ANONYMOUS,
    AUDITOR,
    CASEWORKER,
    CASEWORKER_2,
    RESIDENT_A,
    application,
    key,
    move,
    submit,
    upload,
)

PACKAGE = [
    "ANOANA01", "ANOANA02", "FUTFUN01", "FUTFUN02", "GERGER0", "HAOHAL01", "HAOHAL02", "OMVOMV01",
    "OMVOMV02", "PSYPSY01", "PSYPSK02", "PSKPSY01", "SOASOC01", "SOASOC02", "VADVAD00S", "SAMSAM01a1", "SVASVA01",
]  # fmt: skip


def two_years(role: str, ssyk: str | None = None) -> list[dict]:
    """Two recent years of full-time work as ``role`` (with the applicant's own SSYK code, if any)."""
    entry = {
        "employer": "Arbetsgivaren AB",
        "role": role,
        "from": "2023-01-01",
        "to": "2024-12-31",
        "extentPercent": 100,
    }
    return [{**entry, "ssyk": ssyk} if ssyk else entry]


def route(body: dict, name: str = "experience") -> dict:
    return next(r for r in body["precheck"]["routes"] if r["route"] == name)


@pytest.mark.parametrize(
    ("occupation", "ssyk", "met"),
    [
        pytest.param("Kock", "5120", False, id="chef"),
        pytest.param("Bussförare", "8331", False, id="bus-driver"),
        pytest.param("Undersköterska", "5321", True, id="underskoterska"),
        pytest.param("Personlig assistent", "5343", True, id="personlig-assistent"),
    ],
)
async def test_only_care_work_meets_the_underskoterska_experience_route(client, occupation, ssyk, met):
    body = await submit(client, experience=two_years(occupation, ssyk), education=[])
    experience = route(body)
    assert experience["met"] is met
    assert experience["details"]["entries"][0]["reason"]["key"] == (
        "experience.counted" if met else "experience.not_relevant"
    )
    advice = [a["key"] for a in body["precheck"]["advice"]]
    assert ("advice.experience_counts" in advice) is met
    assert (body["precheck"]["route"]["key"] == "route.experience") is met


async def test_barnskotare_experience_counts_on_its_own_route(client):
    body = await submit(client, targetRole="barnskotare", experience=two_years("Barnskötare", "5311"), education=[])
    experience = route(body)
    assert experience["profile"] == "bsk-experience" and experience["met"] is True
    care = await submit(client, targetRole="barnskotare", experience=two_years("Undersköterska", "5321"), education=[])
    assert route(care)["met"] is False


async def test_a_caseworker_maps_a_free_text_occupation_and_the_precheck_follows(client, db_url):
    case = await submit(client, RESIDENT_A, experience=two_years("Jobbade på hemtjänsten"), education=[])
    assert route(case)["details"]["entries"][0]["reason"]["key"] == "experience.not_mapped"
    path = f"/v1/applications/{case['id']}/experience/0/occupation"
    etag = {"If-Match": f'"v{case["version"]}"'}
    for who in (AUDITOR, RESIDENT_A):
        assert (await client.put(path, json={"ssyk": "5321"}, headers={**who, **etag})).status == 403
    missing = await client.put(f"/v1/applications/{case['id']}/experience/3/occupation", json={"ssyk": "5321"},
                               headers={**CASEWORKER, **etag})  # fmt: skip
    assert missing.status == 404
    bad = await client.put(path, json={"ssyk": "53"}, headers={**CASEWORKER, **etag})
    assert bad.status == 422 and bad.headers["Content-Type"].startswith("application/problem+json")
    mapped = await client.put(path, json={"ssyk": "٥٣٢١"}, headers={**CASEWORKER, **etag})
    assert mapped.status == 200, await mapped.text()
    body = await mapped.json()
    entry = route(body)["details"]["entries"][0]
    assert (entry["ssyk"], entry["ssykSource"], entry["counted"]) == ("5321", "caseworker", True)
    assert body["experience"][0]["mappedSsyk"] == "5321" and body["version"] == case["version"] + 1
    stale = await client.put(path, json={"ssyk": None}, headers={**CASEWORKER, **etag})
    assert stale.status == 412
    conn = await asyncpg.connect(db_url)
    try:
        audited = await conn.fetchrow(
            "SELECT actor, detail FROM validation.audit_log WHERE action = 'experience.mapped'"
        )
    finally:
        await conn.close()
    assert audited["actor"] == "caseworker-1"
    assert json.loads(audited["detail"]) == {"index": 0, "ssyk": "5321", "previous": None}


async def test_a_complete_package_counts_samhallskunskap_1a1(client):
    education = [{**application()["education"][0], "courseCodes": PACKAGE}]
    body = await submit(client, education=education)
    coverage = body["precheck"]["coverage"]
    assert coverage["missing"] == [] and coverage["pointsCovered"] == coverage["pointsRequired"] == 1500
    assert "SAMSAM01a1" in coverage["covered"]


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        pytest.param("identity", {"number": "٨١١٢١٨-٩٨٧٦"}, "19811218-****", id="arabic-indic-personnummer"),
        pytest.param("identity", {"number": "۸۱۱۲۱۸–۹۸۷۶"}, "19811218-****", id="persian-digits-en-dash"),
        pytest.param("identity", {"number": "１９８１１２１８－９８７６"}, "19811218-****", id="full-width"),
    ],
)
async def test_numbers_typed_in_another_script_are_normalised(client, field, typed, stored):
    experience = [{**two_years("Vårdbiträde", "٥٣٣٠")[0], "from": "٢٠٢٣-٠١-٠١", "to": "２０２４－１２－３１"}]
    contact = {"email": "amina@example.org", "phone": "+٤٦ ٧٠ ١٢٣ ٤٥ ٦٧"}
    body = await submit(client, **{field: typed}, experience=experience, contact=contact)
    assert body["identity"]["number"] == stored
    assert body["experience"][0]["from"] == "2023-01-01" and body["experience"][0]["ssyk"] == "5330"
    assert body["contact"]["phone"] == "+46 70 123 45 67"


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        pytest.param({"identity": {"number": "٨١١٢١٨-٩٨٧٥"}}, "/identity/number", id="arabic-digits-wrong-check"),
        pytest.param({"identity": {"number": "٨١١٢٣٠-٩٨٧٦"}}, "/identity/number", id="arabic-digits-no-such-date"),
        pytest.param({"identity": {"number": "⁸¹¹²¹⁸-⁹⁸⁷⁶"}}, "/identity/number", id="superscripts"),
        pytest.param({"experience": [{**two_years("X")[0], "from": "٢٠٢٣/٠١/٠١"}]}, "/experience/0/from", id="date"),
        pytest.param({"contact": {"phone": "٠٧٠-abc"}}, "/contact/phone", id="phone"),
    ],
)
async def test_what_is_still_not_a_number_is_422_on_the_field_never_a_database_error(client, changes, pointer):
    resp = await client.post("/v1/applications", json=application(**changes), headers={**ANONYMOUS, **key()})
    assert resp.status == 422, await resp.text()
    assert pointer in [e["pointer"] for e in (await resp.json())["errors"]]


async def test_contact_data_of_a_protected_identity_only_for_the_applicant_and_the_assigned_caseworker(client):
    case = await submit(client, RESIDENT_A, protectedIdentity=True)
    assign = await client.put(f"/v1/applications/{case['id']}/assignment", json={"assignee": "caseworker-1"},
                              headers={**CASEWORKER, "If-Match": f'"v{case["version"]}"'})  # fmt: skip
    assert assign.status == 200 and (await assign.json())["contact"] is not None
    seen = {}
    for name, who in {
        "applicant": RESIDENT_A,
        "assigned": CASEWORKER,
        "other": CASEWORKER_2,
        "auditor": AUDITOR,
    }.items():
        resp = await client.get(f"/v1/applications/{case['id']}", headers=who)
        seen[name] = (await resp.json())["contact"]
    assert seen["applicant"] == seen["assigned"] == {"email": "amina@example.org", "phone": "+46 70 123 45 67"}
    assert seen["other"] is None and seen["auditor"] is None
    open_case = await submit(client, RESIDENT_A)
    auditor_view = await (await client.get(f"/v1/applications/{open_case['id']}", headers=AUDITOR)).json()
    assert auditor_view["contact"]["email"] == "amina@example.org"  # only protected identities are withheld


async def test_a_read_only_key_holding_the_tracking_code_cannot_change_the_case(client):
    case = await submit(client)
    code = {"X-Tracking-Code": case["trackingCode"]}
    reader = {**identity_header("partner", kind="system", roles=(), scopes=("validation:read",)), **code}
    assert (await client.get(f"/v1/applications/{case['id']}", headers=reader)).status == 200
    assert (await move(client, case, "withdrawn", reader)).status == 403
    assert (await upload(client, case, reader)).status == 403
    writer = {**identity_header("partner", kind="system", roles=(), scopes=("validation:write",)), **code}
    assert (await move(client, case, "withdrawn", writer)).status == 200


async def test_a_submission_reads_its_role_once_and_runs_the_precheck_once(client, monkeypatch):
    calls = {"roles": [], "precheck": 0}
    list_roles, run_precheck = catalogue.list_roles, applications.run_precheck

    async def counted_roles(conn, **kwargs):
        calls["roles"].append(kwargs)
        return await list_roles(conn, **kwargs)

    def counted_precheck(*args, **kwargs):
        calls["precheck"] += 1
        return run_precheck(*args, **kwargs)

    monkeypatch.setattr(catalogue, "list_roles", counted_roles)
    monkeypatch.setattr(applications, "run_precheck", counted_precheck)
    await submit(client)
    assert calls == {"roles": [{"code": "underskoterska"}], "precheck": 1}


async def test_replay_bodies_are_stored_as_json_objects(client, db_url):
    await submit(client)
    conn = await asyncpg.connect(db_url)
    try:
        kinds = await conn.fetch("SELECT jsonb_typeof(body) AS kind, body FROM validation.idempotency_keys")
    finally:
        await conn.close()
    assert [r["kind"] for r in kinds] == ["object"]
