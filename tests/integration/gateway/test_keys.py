"""API keys: shown once, stored hashed, scoped, revocable, expiring, limited per second and per day."""

from __future__ import annotations

import asyncpg
import pytest

from services.gateway.keys.domain import hash_key
from tests.helpers import Fresh
from tests.integration.gateway.conftest import ADMIN, bearer, create_key, ok_json

GROUPS = {("GET", "/v1/groups"): ok_json({"data": [], "pageToken": None})}


async def test_admin_creates_a_key_that_is_shown_once_and_stored_as_a_hash(gateway, db_url):
    client = await gateway()
    created = await create_key(client, scopes=["schedule:read", "enrolment:write"], ratePerSecond=5)
    assert created["key"].startswith(f"lsk_{created['prefix']}_")
    assert created["scopes"] == ["enrolment:write", "schedule:read"] and created["status"] == "active"
    conn = await asyncpg.connect(db_url)
    try:
        stored = await conn.fetchval("SELECT key_hash FROM gateway.api_keys WHERE id = $1", created["id"])
        assert stored == hash_key(created["key"]) and created["key"] not in str(
            await conn.fetch("TABLE gateway.api_keys")
        )
    finally:
        await conn.close()
    listed = await (await client.get("/api/gateway/v1/keys", headers=ADMIN)).json()
    assert [k["id"] for k in listed["data"]] == [created["id"]] and "key" not in listed["data"][0]
    one = await (await client.get(f"/api/gateway/v1/keys/{created['id']}", headers=ADMIN)).json()
    assert one["prefix"] == created["prefix"] and "key" not in one


async def test_creating_with_the_same_idempotency_key_makes_one_key_and_never_repeats_the_secret(gateway):
    client = await gateway()
    headers = {**ADMIN, "Idempotency-Key": "create-1"}
    body = {"name": "sys", "scopes": ["admin"]}
    first = await (await client.post("/api/gateway/v1/keys", json=body, headers=headers)).json()
    again = await client.post("/api/gateway/v1/keys", json=body, headers=headers)
    assert again.status == 201
    replay = await again.json()
    assert replay["id"] == first["id"] and first["key"] and replay["key"] is None
    listed = await (await client.get("/api/gateway/v1/keys", headers=ADMIN)).json()
    assert len(listed["data"]) == 1


async def test_keys_are_listed_in_keyset_pages(gateway):
    client = await gateway()
    ids = [(await create_key(client, name=f"k{i}"))["id"] for i in range(5)]
    seen, url = [], "/api/gateway/v1/keys?limit=2"
    while url:
        resp = await client.get(url, headers=ADMIN)
        page = await resp.json()
        seen += [k["id"] for k in page["data"]]
        url = f"/api/gateway/v1/keys?limit=2&pageToken={page['pageToken']}" if page["pageToken"] else None
    assert seen == ids


@pytest.mark.parametrize(
    ("headers", "status"),
    # Made on use, not at collection: a token minted then expired before a slow run got here (401, not 403).
    [
        ({}, 401),
        (Fresh(lambda: bearer("p", "resident")), 403),
        (Fresh(lambda: bearer("p", "caseworker")), 403),
        (ADMIN, 200),
    ],
)
async def test_only_admins_manage_keys(gateway, headers, status):
    client = await gateway()
    assert (await client.get("/api/gateway/v1/keys", headers=headers)).status == status


async def test_a_key_with_the_admin_scope_may_manage_keys_and_others_may_not(gateway):
    client = await gateway()
    admin_key = (await create_key(client, scopes=["admin"]))["key"]
    reader = (await create_key(client, scopes=["schedule:read"]))["key"]
    assert (await client.get("/api/gateway/v1/keys", headers={"X-API-Key": admin_key})).status == 200
    assert (await client.get("/api/gateway/v1/keys", headers={"Authorization": f"ApiKey {admin_key}"})).status == 200
    assert (await client.get("/api/gateway/v1/keys", headers={"X-API-Key": reader})).status == 403


async def test_bad_create_input_names_the_field(gateway):
    client = await gateway()
    resp = await client.post("/api/gateway/v1/keys", json={"name": "x", "scopes": ["root"]}, headers=ADMIN)
    assert resp.status == 422
    assert [e["pointer"] for e in (await resp.json())["errors"]] == ["/scopes/0"]
    resp = await client.post(
        "/api/gateway/v1/keys",
        json={"name": "x", "scopes": ["admin"], "expiresAt": "2001-01-01T00:00:00Z"},
        headers=ADMIN,
    )
    assert resp.status == 422


async def test_schedule_read_key_reads_groups_and_is_refused_elsewhere(gateway, start_fake):
    sfi = await start_fake(GROUPS)
    client = await gateway(sfi=sfi.url)
    key = (await create_key(client, scopes=["schedule:read"]))["key"]
    assert (await client.get("/api/sfi/v1/groups", headers={"X-API-Key": key})).status == 200
    resp = await client.post("/api/sfi/v1/groups/g1/enrolments", json={}, headers={"X-API-Key": key})
    assert resp.status == 403 and "enrolment:write" in (await resp.json())["detail"]
    # The service sees the system identity, never the key itself.
    assert all("X-API-Key" not in h and "X-Lotsen-Identity" in h for _, _, h in sfi.seen)


@pytest.mark.parametrize("bad", ["lsk_000000000000_" + "a" * 43, "not-a-key", ""])
async def test_unknown_or_malformed_key_is_401(gateway, bad):
    client = await gateway()
    resp = await client.get("/api/sfi/v1/groups", headers={"X-API-Key": bad})
    assert resp.status == 401


async def test_revoked_key_is_refused_at_once_on_the_revoking_gateway(gateway, start_fake):
    sfi = await start_fake(GROUPS)
    client = await gateway(sfi=sfi.url)
    created = await create_key(client)
    key = {"X-API-Key": created["key"]}
    assert (await client.get("/api/sfi/v1/groups", headers=key)).status == 200
    assert (await client.delete(f"/api/gateway/v1/keys/{created['id']}", headers=ADMIN)).status == 204
    resp = await client.get("/api/sfi/v1/groups", headers=key)
    assert resp.status == 401 and "revoked" in (await resp.json())["detail"]


async def test_revocation_elsewhere_takes_effect_within_the_cache_time(gateway, start_fake, db_url, clock):
    sfi = await start_fake(GROUPS)
    client = await gateway(sfi=sfi.url, LOTSEN_KEY_CACHE_SECONDS="2")
    created = await create_key(client)
    key = {"X-API-Key": created["key"]}
    assert (await client.get("/api/sfi/v1/groups", headers=key)).status == 200
    conn = await asyncpg.connect(db_url)
    await conn.execute("UPDATE gateway.api_keys SET revoked_at = now() WHERE id = $1", created["id"])
    await conn.close()
    clock.advance(1.9)
    assert (await client.get("/api/sfi/v1/groups", headers=key)).status == 200  # still cached
    clock.advance(0.2)
    assert (await client.get("/api/sfi/v1/groups", headers=key)).status == 401


async def test_expired_key_is_401(gateway, start_fake, db_url):
    sfi = await start_fake(GROUPS)
    client = await gateway(sfi=sfi.url)
    created = await create_key(client)
    conn = await asyncpg.connect(db_url)
    await conn.execute(
        "UPDATE gateway.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", created["id"]
    )
    await conn.close()
    resp = await client.get("/api/sfi/v1/groups", headers={"X-API-Key": created["key"]})
    assert resp.status == 401 and "expired" in (await resp.json())["detail"]


async def test_more_than_the_key_rate_per_second_is_429_with_retry_after(gateway, start_fake, clock):
    sfi = await start_fake(GROUPS)
    client = await gateway(sfi=sfi.url)
    key = {"X-API-Key": (await create_key(client, ratePerSecond=10))["key"]}
    statuses = [(await client.get("/api/sfi/v1/groups", headers=key)).status for _ in range(10)]
    assert statuses == [200] * 10
    resp = await client.get("/api/sfi/v1/groups", headers=key)
    assert resp.status == 429 and int(resp.headers["Retry-After"]) >= 1
    assert resp.content_type == "application/problem+json"
    metrics = await (await client.get("/metrics")).text()
    assert 'lotsen_gateway_limited_requests_total{reason="rate"} 1.0' in metrics
    clock.advance(0.1)  # one token back at 10 a second
    assert [(await client.get("/api/sfi/v1/groups", headers=key)).status for _ in range(2)] == [200, 429]


async def test_daily_quota_holds_across_two_gateways_sharing_the_database(gateway, start_fake):
    sfi = await start_fake(GROUPS)
    first, second = await gateway(sfi=sfi.url), await gateway(sfi=sfi.url)
    key = {"X-API-Key": (await create_key(first, dailyQuota=4))["key"]}
    statuses = [(await gw.get("/api/sfi/v1/groups", headers=key)).status for gw in (first, second) * 3]
    assert statuses == [200, 200, 200, 200, 429, 429]
    resp = await second.get("/api/sfi/v1/groups", headers=key)
    assert resp.status == 429 and int(resp.headers["Retry-After"]) > 0
    assert (await resp.json())["scope"] == "day"
