"""Issue 8: two replicas of each backend and two gateways on one PostgreSQL stay exactly correct."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import aiohttp
import asyncpg
import pytest

from tests.e2e.conftest import make_home
from tests.e2e.fleet import Fleet
from tests.e2e.gateway_client import bearer
from tests.helpers import Fresh
from tests.integration.validation.support import application
from tests.waiting import HANG, until

pytestmark = pytest.mark.e2e

ADMIN = Fresh(lambda: bearer("scale-admin", "sfi_admin"))
TODAY = date.today()


@pytest.fixture(scope="module")
async def fleet(pg_admin_url, template_db):
    from tests.conftest import clone_database

    name = f"lotsen_scale_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(pg_admin_url)
    await clone_database(admin, template_db, name)
    dsn = f"{pg_admin_url.rpartition('/')[0]}/{name}"
    running = Fleet(dsn, make_home(), extra_env={
        "LOTSEN_SFI_PUBLISH_JOB_SECONDS": "1",
        "LOTSEN_SFI_OFFER_JOB_SECONDS": "1",
        "LOTSEN_SFI_OFFER_HOURS": "0.0005",  # an offer lasts 1.8 s
        "LOTSEN_VALIDATION_JOB_INTERVAL_SECONDS": "5",
        "LOTSEN_VALIDATION_RETENTION_MONTHS": "12",
        "LOTSEN_RATE_ANONYMOUS": "100000",
        "LOTSEN_RATE_PERSON": "100000",
        "LOTSEN_DB_POOL_MAX": "20",
    })  # fmt: skip
    running.start()
    try:
        yield running, dsn
    finally:
        running.stop()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def gateways(fleet: Fleet) -> list[str]:
    return [g.url for g in fleet.of("gateway")]


async def call(http, method, url, *, status=None, **kw):
    async with http.request(method, url, **kw) as resp:
        body = await resp.json(content_type=None) if resp.content_length != 0 else None
        if status is not None:
            assert resp.status == status, (method, url, resp.status, body)
        return resp.status, body


async def published_group(http, gw: str, capacity: int) -> str:
    """A draft group (see ``draft_group``) published now."""
    group = await draft_group(http, gw, capacity)
    await call(http, "POST", f"{gw}/api/sfi/v1/publications", json={"note": "scale"}, headers=ADMIN, status=201)
    return group


async def draft_group(http, gw: str, capacity: int) -> str:
    """A provider, venue, teacher and one draft group of ``capacity`` seats."""
    base = f"{gw}/api/sfi/v1"
    tag = uuid.uuid4().hex[:6]
    _, provider = await call(
        http, "POST", f"{base}/admin/providers", json={"name": f"P {tag}"}, headers=ADMIN, status=201
    )
    _, venue = await call(
        http,
        "POST",
        f"{base}/admin/venues",
        headers=ADMIN,
        status=201,
        json={"providerId": provider["id"], "name": f"Skola {tag}", "kind": "school", "district": "Centrum"},
    )
    _, teacher = await call(
        http,
        "POST",
        f"{base}/admin/teachers",
        headers=ADMIN,
        status=201,
        json={
            "providerId": provider["id"],
            "name": f"Lärare {tag}",
            "registerkontrollShownOn": (TODAY - timedelta(days=10)).isoformat(),
        },
    )
    _, group = await call(
        http,
        "POST",
        f"{base}/admin/groups",
        headers=ADMIN,
        status=201,
        json={
            "name": f"Grupp {tag}",
            "course": "A",
            "path": 1,
            "variant": "standard",
            "venueId": venue["id"],
            "teacherIds": [teacher["id"]],
            "capacity": capacity,
            "startDate": (TODAY - timedelta(days=3)).isoformat(),
            "endDate": (TODAY + timedelta(days=120)).isoformat(),
            "slots": [{"weekday": 2, "start": "09:00", "end": "12:00", "interval": "every"}],
        },
    )
    return group["id"]


async def make_learners(http, gws: list[str], n: int, tag: str) -> list[dict[str, str]]:
    people = [bearer(f"learner-{tag}-{i}", "resident") for i in range(n)]
    body = {"path": 1, "displayName": "Learner", "rightAroseOn": (TODAY - timedelta(days=20)).isoformat()}

    async def one(i: int) -> None:
        await call(http, "PUT", f"{gws[i % 2]}/api/sfi/v1/learners/me", json=body, headers=people[i], status=201)

    await asyncio.gather(*(one(i) for i in range(n)))
    return people


async def test_enrolment_contention_over_both_replicas_is_exact(fleet, capsys):
    running, _ = fleet
    gws = gateways(running)
    async with aiohttp.ClientSession() as http:
        group = await published_group(http, gws[0], capacity=20)
        people = await make_learners(http, gws, 120, "c")
        url = f"/api/sfi/v1/groups/{group}/enrolments"
        started = time.monotonic()  # printed for the reader, never asserted (performance is bench/'s)
        results = await asyncio.gather(*(
            call(http, "POST", gws[i % 2] + url, json={}, headers={**people[i], "Idempotency-Key": f"c-{i}"})
            for i in range(120)))  # fmt: skip
        elapsed = time.monotonic() - started
    statuses = [s for s, _ in results]
    assert set(statuses) <= {200, 201}, statuses
    states = [b["status"] for _, b in results]
    positions = sorted(b["position"] for _, b in results if b["status"] == "waitlisted")
    assert states.count("enrolled") == 20 and states.count("waitlisted") == 100
    assert positions == list(range(1, 101))
    served = []
    for replica in running.of("sfi_schedule"):
        async with aiohttp.ClientSession() as http, http.get(replica.url + "/metrics") as resp:
            text = await resp.text()
        served.append(
            sum(
                float(line.rsplit(" ", 1)[1])
                for line in text.splitlines()
                if line.startswith("lotsen_http_requests_total") and "enrolments" in line
            )
        )
    assert all(n > 0 for n in served), f"every sfi replica took enrolments: {served}"
    with capsys.disabled():
        print(
            f"\n[scale-out] enrolment: 120 requests over 2 gateways x 2 sfi replicas {served} in {elapsed:.2f} s:"
            f" enrolled=20 waitlisted=100 positions 1..100 duplicates=0"
        )


async def test_a_scheduled_publication_happens_once_with_two_replicas(fleet):
    running, dsn = fleet
    gws = gateways(running)
    conn = await asyncpg.connect(dsn)
    try:
        async with aiohttp.ClientSession() as http:
            group = await draft_group(http, gws[0], capacity=10)
            before = await conn.fetchval("SELECT count(*) FROM sfi.publications WHERE version IS NOT NULL")
            at = (datetime.now(UTC) + timedelta(hours=1)).isoformat()  # cannot fall due before the test says so
            _, scheduled = await call(
                http,
                "POST",
                f"{gws[1]}/api/sfi/v1/publications",
                json={"publishAt": at, "note": "scheduled"},
                headers=ADMIN,
                status=201,
            )
            assert scheduled["status"] == "scheduled"
        await conn.execute(
            "UPDATE sfi.publications SET publish_at = now() - interval '1 second' WHERE id = $1",
            uuid.UUID(scheduled["id"]),
        )
        await Fleet.ticked(running.of("sfi_schedule"), "sfi.publish-due", "both replicas ran the job since it fell due")
        after = await conn.fetchval("SELECT count(*) FROM sfi.publications WHERE version IS NOT NULL")
        row = await conn.fetchrow(
            "SELECT status, diff::text AS diff FROM sfi.publications WHERE id = $1", uuid.UUID(scheduled["id"])
        )
    finally:
        await conn.close()
    assert after == before + 1, "exactly one new version"
    assert row["status"] == "published"
    assert group in row["diff"], "the diff lists the added group"


async def test_an_expired_offer_passes_on_exactly_once(fleet):
    running, dsn = fleet
    gws = gateways(running)
    async with aiohttp.ClientSession() as http:
        group = await published_group(http, gws[0], capacity=1)
        people = await make_learners(http, gws, 3, "o")
        url = f"/api/sfi/v1/groups/{group}/enrolments"
        first = []
        for i in range(3):
            first.append(
                (
                    await call(
                        http,
                        "POST",
                        gws[0] + url,
                        json={},
                        headers={**people[i], "Idempotency-Key": f"o-{uuid.uuid4()}"},
                        status=201,
                    )
                )[1]
            )
        await call(
            http,
            "POST",
            f"{gws[1]}/api/sfi/v1/enrolments/{first[0]['id']}/withdraw",
            json={},
            headers=people[0],
            status=200,
        )
    second, third = uuid.UUID(first[1]["id"]), uuid.UUID(first[2]["id"])
    conn = await asyncpg.connect(dsn)

    async def allocation_log() -> list[asyncpg.Record]:
        sql = "SELECT action, enrolment_id FROM sfi.allocation_log WHERE group_id = $1 ORDER BY id"
        return await conn.fetch(sql, uuid.UUID(group))

    async def passed_on() -> bool:  # the offer to position 1 (1.8 s) expired and went to position 2
        log = await allocation_log()
        return any(r["action"] == "expired" for r in log) and third in [r["enrolment_id"] for r in log]

    try:
        await until(passed_on, "the first offer expired and passed on")
        await Fleet.ticked(running.of("sfi_schedule"), "sfi.enrolment.offers", "both replicas ran the offer job again")
        log = await allocation_log()
    finally:
        await conn.close()
    kinds = [r["action"] for r in log]
    assert kinds.count("expired") >= 1
    offered = [r["enrolment_id"] for r in log if r["action"] == "offered"]
    assert offered[:2] == [second, third], kinds
    expired = [r["enrolment_id"] for r in log if r["action"] == "expired"]
    assert len(expired) == len(set(expired)), "an offer expired twice"


async def _all_purged(conn: asyncpg.Connection, sql: str, ids: list[uuid.UUID]) -> bool:
    return await conn.fetchval(sql, ids) == len(ids)


async def test_retention_purge_runs_once_per_case_with_two_replicas(fleet):
    running, dsn = fleet
    gws = gateways(running)
    ids = []
    async with aiohttp.ClientSession() as http:
        for _ in range(6):
            _, case = await call(
                http,
                "POST",
                f"{gws[0]}/api/validation/v1/applications",
                json=application(),
                headers={"Idempotency-Key": str(uuid.uuid4())},
                status=201,
            )
            await call(
                http,
                "POST",
                f"{gws[1]}/api/validation/v1/applications/{case['id']}/transitions",
                json={"to": "withdrawn", "reason": "moved"},
                status=200,
                headers={"X-Tracking-Code": case["trackingCode"], "If-Match": f'"v{case["version"]}"'},
            )
            ids.append(uuid.UUID(case["id"]))
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "UPDATE validation.applications SET state_changed_at = now() - interval '2 years' WHERE id = ANY($1)", ids
        )
        sql = "SELECT count(*) FROM validation.applications WHERE id = ANY($1) AND purged_at IS NOT NULL"
        await until(lambda: _all_purged(conn, sql, ids), "every case is purged", poll=0.5)
        done = await conn.fetchval(sql, ids)
        # Both replicas run the purge again: nothing may be purged twice.
        await Fleet.ticked(running.of("validation"), "validation.retention_purge", "both replicas purged again")
        audits = await conn.fetch(
            "SELECT application_id, count(*) AS n FROM validation.audit_log WHERE action = 'application.purged'"
            " AND application_id = ANY($1) GROUP BY application_id",
            ids,
        )
    finally:
        await conn.close()
    assert done == len(ids)
    assert sorted(r["n"] for r in audits) == [1] * len(ids)


async def test_killing_a_replica_under_idempotent_writes_loses_nothing_and_duplicates_nothing(fleet, capsys):
    running, dsn = fleet
    gws = gateways(running)
    victim = running.of("validation")[0]
    acked: dict[str, str] = {}
    retries = 0
    keys = [str(uuid.uuid4()) for _ in range(80)]

    async def writer(http, i: int) -> None:
        nonlocal retries
        key = keys[i]
        end = time.monotonic() + HANG  # retried until acknowledged; the bound only ends a broken run
        while time.monotonic() < end:
            try:
                async with http.post(
                    f"{gws[i % 2]}/api/validation/v1/applications", json=application(), headers={"Idempotency-Key": key}
                ) as resp:
                    if resp.status == 201:
                        acked[key] = (await resp.json())["id"]
                        return
                    assert resp.status in (502, 503, 504), (resp.status, await resp.text())
            except aiohttp.ClientError:
                pass
            retries += 1
            await asyncio.sleep(0.2)  # a client's pause between retries (pacing, not a wait for something)
        raise AssertionError(f"write {i} never acknowledged")

    async def chaos() -> None:
        await until(lambda: len(acked) >= 10, "writes are being acknowledged")  # killed under load, not before
        victim.kill()
        down = len(acked)
        await until(lambda: len(acked) >= min(len(keys), down + 10), "the other replica takes the writes")
        victim.start()

    conn = await asyncpg.connect(dsn)
    before = await conn.fetchval("SELECT count(*) FROM validation.applications")
    await conn.close()
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(chaos(), *(writer(http, i) for i in range(len(keys))))
    Fleet.wait_ready([victim])
    conn = await asyncpg.connect(dsn)
    try:
        stored = await conn.fetch("SELECT key, body FROM validation.idempotency_keys WHERE key = ANY($1)", list(acked))
        ids = [uuid.UUID(v) for v in acked.values()]
        found = await conn.fetchval("SELECT count(*) FROM validation.applications WHERE id = ANY($1)", ids)
        created = await conn.fetchval("SELECT count(*) FROM validation.applications") - before
    finally:
        await conn.close()
    assert len(acked) == len(keys)
    assert found == len(keys), "an acknowledged write is missing"
    assert len(stored) == len(keys)
    assert created == len(keys), f"{created - len(keys)} duplicate applications"
    with capsys.disabled():
        print(
            f"\n[scale-out] kill validation-1 under load: requests={len(keys)} retries={retries} "
            f"acknowledged={len(acked)} stored={found} created={created} duplicates={created - len(keys)}"
        )
