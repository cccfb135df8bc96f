"""The public group list is cached in each replica and dropped on every committed change (LISTEN/NOTIFY).

Cached answers are told apart from fresh ones by changing the data *without* notifying (triggers disabled
for one session): a cached answer still shows the old value, a database answer the new one.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import make_mocked_request

from services.sfi_schedule.app import create_app
from services.sfi_schedule.catalog.cache import CATALOG_CACHE, LISTENER_APP_NAME, Answer, CatalogCache, cache_key
from services.sfi_schedule.config import SfiConfig
from services.sfi_schedule.demo import seed_demo
from shared.db import create_pool
from shared.settings import SettingsError, load_settings
from tests.integration.sfi.conftest import ANON, group_payload

LIST = "/v1/groups?course=B&limit=20"
DEADLINE = 2.0  # seconds a notified change may take to reach the list


async def until(predicate: Callable[[], Any], what: str, deadline: float = DEADLINE) -> None:
    """Poll an (async or plain) predicate until it holds."""
    end = time.monotonic() + deadline
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        assert time.monotonic() < end, f"not within {deadline} s: {what}"
        await asyncio.sleep(0.02)


async def seeded(db_url: str) -> None:
    pool = await create_pool(db_url, schema="sfi", app_name="test-cache-seed", min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await seed_demo(conn)
    finally:
        await pool.close()


async def unnotified(db_url: str, sql: str, *args: Any) -> None:
    """Change data with every trigger off for this session: the caches are not told."""
    conn = await asyncpg.connect(db_url)
    try:
        async with conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            await conn.execute(sql, *args)
    finally:
        await conn.close()


async def take_a_seat(db_url: str, group_id: str) -> None:
    """A learner enrolled in the group, written normally (the triggers notify)."""
    conn = await asyncpg.connect(db_url)
    try:
        learner = uuid.uuid4()
        await conn.execute("INSERT INTO sfi.learners (id, subject, path) VALUES ($1, $2, 2)", learner, f"s-{learner}")
        await conn.execute(
            "INSERT INTO sfi.enrolments (id, learner_id, group_id, course_code, status, queue_seq, queued_at, "
            "requested_by, enrolled_at) VALUES ($1, $2, $3, 'B', 'enrolled', nextval('sfi.enrolment_queue_seq'), "
            "now(), 'test', now())",
            uuid.uuid4(), learner, uuid.UUID(group_id),
        )  # fmt: skip
    finally:
        await conn.close()


async def started(make_client, settings_env, db_url, **extra: str) -> tuple[Any, CatalogCache]:
    """A replica on this database; with the cache on, waits until its listener is connected."""
    app = create_app(load_settings({**settings_env, "DATABASE_URL": db_url, **extra}))
    client = await make_client(app)
    cache = app[CATALOG_CACHE]
    if cache.enabled:
        await until(lambda: cache.listening, "the listener connects")
    return client, cache


async def get_list(client, path: str = LIST, **headers: str) -> tuple[Any, dict[str, Any]]:
    resp = await client.get(path, headers={**ANON, **headers})
    assert resp.status in (200, 304), await resp.text()
    return resp, (await resp.json() if resp.status == 200 else {})


def seats(body: dict[str, Any], group_id: str) -> int:
    return next(g["freeSeats"] for g in body["data"] if g["id"] == group_id)


async def test_list_is_served_from_the_cache_until_a_change_is_notified(make_client, settings_env, db_url):
    await seeded(db_url)
    client, _ = await started(make_client, settings_env, db_url)
    _, first = await get_list(client)
    group = next(g["id"] for g in first["data"] if g["freeSeats"] >= 3)
    before = seats(first, group)
    await unnotified(
        db_url, "UPDATE sfi.published_groups SET capacity = capacity - 1 WHERE group_id = $1", uuid.UUID(group)
    )
    _, cached = await get_list(client)
    assert cached == first, "an unnotified change must not be seen: the answer comes from the cache"
    await take_a_seat(db_url, group)

    async def seat_taken() -> bool:
        return seats((await get_list(client))[1], group) == before - 2  # the silent change and the enrolment

    await until(seat_taken, "an enrolment lowers freeSeats")
    metrics = await (await client.get("/metrics")).text()
    assert 'lotsen_sfi_catalog_cache_total{result="hit"}' in metrics


async def test_publication_republication_and_withdrawal_reach_another_replica(
    api, base, make_client, settings_env, db_url
):
    reader, _ = await started(make_client, settings_env, db_url)  # the writer is the ``api`` replica
    _, empty = await get_list(reader, "/v1/groups")
    assert empty["data"] == []
    group = await api.create("/v1/admin/groups", group_payload(base))
    await api.call("POST", "/v1/publications", json={}, status=201)

    async def names() -> list[str]:
        return [g["name"] for g in (await get_list(reader, "/v1/groups"))[1]["data"]]

    await until(lambda: names_are(names, ["SFI B förmiddag"]), "the publication")
    await api.call("PUT", f"/v1/admin/groups/{group['id']}", json=group_payload(base, name="Ändrad"),
                   headers={"If-Match": '"v1"'}, status=200)  # fmt: skip
    await api.call("POST", "/v1/publications", json={}, status=201)
    await until(lambda: names_are(names, ["Ändrad"]), "the republication")
    await api.call("DELETE", f"/v1/admin/groups/{group['id']}", headers={"If-Match": '"v2"'}, status=204)
    await api.call("POST", "/v1/publications", json={}, status=201)
    await until(lambda: names_are(names, []), "the withdrawal")


async def names_are(names: Callable[[], Any], expected: list[str]) -> bool:
    return await names() == expected


async def test_lost_listener_means_no_cached_answers_until_it_is_back(make_client, settings_env, db_url):
    await seeded(db_url)
    client, cache = await started(make_client, settings_env, db_url)
    _, first = await get_list(client)
    group = uuid.UUID(first["data"][0]["id"])
    pid = cache.listener_pid
    admin = await asyncpg.connect(db_url)
    try:
        killed = await admin.fetchval(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid = $2",
            LISTENER_APP_NAME, pid,
        )  # fmt: skip
    finally:
        await admin.close()
    assert killed
    await until(lambda: not cache.listening or cache.listener_pid != pid, "the lost connection is noticed")
    await unnotified(db_url, "UPDATE sfi.published_groups SET capacity = capacity - 1 WHERE group_id = $1", group)
    _, meanwhile = await get_list(client)
    assert meanwhile != first, "while not listening (or just reconnected) the database answers"
    await until(lambda: cache.listening, "the listener reconnects")
    _, again = await get_list(client)
    await unnotified(db_url, "UPDATE sfi.published_groups SET capacity = capacity - 1 WHERE group_id = $1", group)
    assert (await get_list(client))[1] == again, "caching resumes after the reconnect"


async def test_cache_off_asks_the_database_every_time(make_client, settings_env, db_url):
    await seeded(db_url)
    client, cache = await started(make_client, settings_env, db_url, LOTSEN_SFI_CATALOG_CACHE="off")
    _, first = await get_list(client)
    group = first["data"][0]["id"]
    await unnotified(
        db_url, "UPDATE sfi.published_groups SET capacity = capacity - 1 WHERE group_id = $1", uuid.UUID(group)
    )
    _, second = await get_list(client)
    assert seats(second, group) == seats(first, group) - 1
    assert not cache.listening and cache.listener_pid is None


async def test_if_none_match_on_a_cached_answer_is_304_with_the_same_etag(make_client, settings_env, db_url):
    await seeded(db_url)
    client, _ = await started(make_client, settings_env, db_url)
    resp, first = await get_list(client, "/v1/groups?course=B&limit=2")
    tag = resp.headers["ETag"]
    await unnotified(
        db_url, "UPDATE sfi.published_groups SET capacity = capacity - 1 WHERE group_id = $1",
        uuid.UUID(first["data"][0]["id"]),
    )  # fmt: skip
    again, _ = await get_list(client, "/v1/groups?course=B&limit=2", **{"If-None-Match": tag})
    assert again.status == 304 and again.headers["ETag"] == tag
    assert again.headers["Cache-Control"] == "public, max-age=60" and "Link" in again.headers


async def test_a_write_through_this_replica_drops_its_cache_at_once(make_client, settings_env, db_url):
    await seeded(db_url)
    client, _ = await started(make_client, settings_env, db_url)
    _, first = await get_list(client)
    group = first["data"][0]["id"]
    await unnotified(
        db_url, "UPDATE sfi.published_groups SET capacity = capacity - 1 WHERE group_id = $1", uuid.UUID(group)
    )
    await client.post("/v1/publications", json={}, headers=ANON)  # refused (401), but a write request all the same
    assert seats((await get_list(client))[1], group) == seats(first, group) - 1


async def test_listener_that_cannot_connect_leaves_the_cache_bypassed_and_stops_promptly():
    cache = CatalogCache(dsn="postgresql://lotsen@127.0.0.1:1/nowhere")
    await cache.start()
    await asyncio.sleep(0.3)  # a few failed attempts
    assert not cache.listening and cache.get(("/v1/groups", ())) is None
    began = time.monotonic()
    await cache.stop()
    assert time.monotonic() - began < 1.0


def answer(n: int) -> Answer:
    return Answer(f"{n}".encode(), f'"{n}"', {})


def listening_cache(**kw: Any) -> CatalogCache:
    cache = CatalogCache(dsn=None, **kw)
    cache.listening = True
    return cache


def test_an_answer_whose_query_overlapped_a_notification_is_not_stored():
    cache = listening_cache()
    ticket = cache.ticket()
    cache.invalidate()  # a notification arrives while the query runs
    key = ("/v1/groups", (("course", "B"),))
    cache.put(key, ticket, answer(1))
    assert cache.get(key) is None
    cache.put(key, cache.ticket(), answer(2))
    assert cache.get(key).body == b"2"


def test_nothing_is_stored_from_a_query_that_began_before_listening():
    cache = CatalogCache(dsn=None)
    ticket = cache.ticket()
    cache.listening = True
    cache.put(("/v1/groups", ()), ticket, answer(1))
    assert len(cache) == 0


def test_answers_expire_after_the_safety_ttl_and_the_oldest_is_dropped_when_full():
    now = [0.0]
    cache = listening_cache(max_entries=2, ttl=10.0, clock=lambda: now[0])
    for n in range(3):
        cache.put((f"/{n}", ()), cache.ticket(), answer(n))
    assert cache.get(("/0", ())) is None and cache.get(("/2", ())) is not None
    now[0] = 10.0
    assert cache.get(("/2", ())) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [("q=a%26b", "q=a&b"), ("course=B&course=C", "course=C&course=B"), ("course=B", "course=B&limit=20")],
)
def test_queries_that_can_answer_differently_have_different_keys(one: str, other: str):
    assert cache_key(make_mocked_request("GET", f"/v1/groups?{one}")) != cache_key(
        make_mocked_request("GET", f"/v1/groups?{other}")
    )


def test_callers_behind_the_gateway_and_direct_callers_have_different_keys():
    # The Link header names the path the caller used, so their answers differ.
    behind = make_mocked_request("GET", "/v1/groups?limit=2", headers={"X-Forwarded-Prefix": "/api/sfi"})
    assert cache_key(behind) != cache_key(make_mocked_request("GET", "/v1/groups?limit=2"))


def test_the_same_query_spelled_differently_shares_a_key():
    assert cache_key(make_mocked_request("GET", "/v1/groups?course=%42")) == cache_key(
        make_mocked_request("GET", "/v1/groups?course=B")
    )


@pytest.mark.parametrize(("raw", "on"), [("on", True), ("off", False), ("", True)])
def test_cache_setting(raw: str, on: bool):
    assert SfiConfig.from_env({"LOTSEN_SFI_CATALOG_CACHE": raw}).catalog_cache is on


def test_bad_cache_setting_is_one_line_naming_the_variable():
    with pytest.raises(SettingsError, match=r"^LOTSEN_SFI_CATALOG_CACHE='maybe' .*$"):
        SfiConfig.from_env({"LOTSEN_SFI_CATALOG_CACHE": "maybe"})


async def pages_of(client, query: str) -> list[dict[str, Any]]:
    """Every item, following the Link header page by page."""
    out, url = [], f"/v1/groups?{query}"
    while url:
        resp, body = await get_list(client, url)
        out.extend(body["data"])
        url = resp.headers.get("Link", "").partition(">")[0].removeprefix("<")
    return out


@pytest.mark.parametrize(
    "query",
    [
        "modifiedAfter=2000-01-01T00:00:00Z",
        "modifiedAfter=2000-01-01T00:00:00Z&course=B,C&hasFreeSeats=true",
        "course=B,C&weekday=1,3&q=centrum",
        "venueKind=school,library&daypart=morning,afternoon&district=CENTRUM",
    ],
)
async def test_small_pages_add_up_to_the_whole_list_in_order(make_client, settings_env, db_url, query: str):
    await seeded(db_url)
    await unnotified(
        db_url, "UPDATE sfi.published_groups SET deleted_at = now(), modified_at = now() - interval '1 day' * "
        "(get_byte(uuid_send(group_id), 0) % 5) WHERE group_id IN (SELECT group_id FROM sfi.published_groups "
        "ORDER BY group_id LIMIT 6)",
    )  # fmt: skip
    client, _ = await started(make_client, settings_env, db_url, LOTSEN_SFI_CATALOG_CACHE="off")
    whole = (await get_list(client, f"/v1/groups?{query}&limit=500"))[1]["data"]
    assert len(whole) > 3
    assert await pages_of(client, f"{query}&limit=3") == whole


async def test_a_cached_next_link_names_the_path_each_caller_used(make_client, settings_env, db_url):
    await seeded(db_url)
    client, _ = await started(make_client, settings_env, db_url)
    for _ in range(2):  # the second round is answered from the cache
        gateway, _ = await get_list(client, "/v1/groups?limit=2", **{"X-Forwarded-Prefix": "/api/sfi"})
        direct, _ = await get_list(client, "/v1/groups?limit=2")
        assert gateway.headers["Link"].startswith("</api/sfi/v1/groups?")
        assert direct.headers["Link"].startswith("</v1/groups?")
