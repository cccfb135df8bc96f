"""SS 12000 through the real gateway in front of the real sfi service: who gets in, paging links that a
client can follow, and keys that hold the SS 12000 scopes."""

from __future__ import annotations

from services.gateway.app import create_app as create_gateway
from services.sfi_schedule.app import create_app as create_sfi
from shared.settings import load_settings
from tests.integration.gateway.conftest import DEAD, bearer
from tests.integration.sfi.ss12000_support import NUMBERED, PROTECTED, assert_valid, env, seed, standard

API = "/api/sfi/v1/ss12000"


async def _stack(make_client, db_url, tmp_path):
    standard()
    await seed(db_url)
    sfi = await make_client(create_sfi(load_settings(env(db_url, tmp_path / "sfi"))))
    upstream = str(sfi.make_url("")).rstrip("/")
    gateway_env = {**env(db_url, tmp_path / "gw"), "LOTSEN_SFI_URL": upstream, "LOTSEN_VALIDATION_URL": DEAD,
                   "LOTSEN_RATE_ANONYMOUS": "1000", "LOTSEN_RATE_PERSON": "1000"}  # fmt: skip
    return await make_client(create_gateway(load_settings(gateway_env)))


async def _key(gw, *scopes: str) -> str:
    """A new API key with ``scopes``, made by an admin (the token minted now: the suite runs long)."""
    resp = await gw.post("/api/gateway/v1/keys", json={"name": "skolplattform", "scopes": list(scopes)},
                         headers=bearer("admin-1", "admin"))  # fmt: skip
    assert resp.status == 201, await resp.text()
    return (await resp.json())["key"]


async def test_the_schedule_is_public_and_persons_need_staff_or_a_key(make_client, db_url, tmp_path):
    gw = await _stack(make_client, db_url, tmp_path)
    resp = await gw.get(f"{API}/activities", params={"limit": "10"})
    assert resp.status == 200
    body = await resp.json()
    assert_valid("Activities", body)
    link = resp.headers["Link"].split(";")[0].strip("<>")
    assert link.startswith(f"{API}/activities?pageToken=")
    follow = await gw.get(link)
    assert follow.status == 200 and (await follow.json())["data"][0]["id"] not in {a["id"] for a in body["data"]}
    assert (await gw.get(f"{API}/persons")).status == 401
    assert (await gw.get(f"{API}/persons", headers=bearer("r-1", "resident"))).status == 403
    staff = await gw.get(f"{API}/persons", params={"limit": "500"}, headers=bearer("t-1", "teacher"))
    assert staff.status == 200
    assert NUMBERED["id"] not in {p["id"] for p in (await staff.json())["data"]}  # learners need the scope


async def test_a_key_with_the_ss12000_scopes_sees_learners_and_their_numbers(make_client, db_url, tmp_path):
    gw = await _stack(make_client, db_url, tmp_path)
    key = await _key(gw, "ss12000:persons", "ss12000:civicNo")
    resp = await gw.get(f"{API}/persons", params={"limit": "500"}, headers={"X-API-Key": key})
    assert resp.status == 200
    people = {p["id"]: p for p in (await resp.json())["data"]}
    assert people[NUMBERED["id"]]["civicNo"]["value"] == NUMBERED["number"]
    assert PROTECTED["id"] not in people
    plain = await _key(gw, "ss12000:persons")
    resp = await gw.get(f"{API}/persons/{NUMBERED['id']}", headers={"X-API-Key": plain})
    assert resp.status == 200 and "civicNo" not in await resp.json()
    bad = await gw.get(f"{API}/calendarEvents", params={"startTime.onOrAfter": "soon"}, headers={"X-API-Key": plain})
    assert bad.status == 400 and set(await bad.json()) == {"code", "message"}
