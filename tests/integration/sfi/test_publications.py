"""Draft → publish: immutable versions with diffs, scheduled publication exactly once across replicas."""

from __future__ import annotations

import uuid
from datetime import timedelta

import asyncpg
from aiohttp.test_utils import TestServer

from services.sfi_schedule.app import create_app
from services.sfi_schedule.publications.jobs import run as publish_due_job
from shared.settings import load_settings
from tests.helpers import job_runs
from tests.integration.sfi.conftest import ANON, SYSTEM, TERM_CLOCK, group_payload
from tests.waiting import until

PUBLISH_JOB = "sfi.publish-due"


async def test_drafts_never_reach_anonymous_callers_until_published(api, base):
    group = await api.create("/v1/admin/groups", group_payload(base))
    _, body = await api.call("GET", "/v1/groups", headers=ANON, status=200)
    assert body["data"] == []
    await api.call("GET", f"/v1/groups/{group['id']}", headers=ANON, status=404)
    _, pub = await api.call("POST", "/v1/publications", json={"note": "HT26", "publishNow": True}, status=201)
    assert pub["status"] == "published" and pub["version"] == 1
    assert pub["diff"]["added"] == [{"id": group["id"], "name": "SFI B förmiddag"}]
    for who in (ANON, SYSTEM):
        _, body = await api.call("GET", "/v1/groups", headers=who, status=200)
        assert [g["id"] for g in body["data"]] == [group["id"]]
    # a later draft edit stays invisible until the next publication
    await api.call("PUT", f"/v1/admin/groups/{group['id']}", json=group_payload(base, name="Ändrad"),
                   headers={"If-Match": '"v1"'}, status=200)  # fmt: skip
    _, published = await api.call("GET", f"/v1/groups/{group['id']}", headers=ANON, status=200)
    assert published["name"] == "SFI B förmiddag" and published["revision"] == 1


async def test_publication_diff_lists_added_removed_changed_and_cancelled(api, base):
    keep = await api.create("/v1/admin/groups", group_payload(base, name="Behålls"))
    drop = await api.create("/v1/admin/groups", group_payload(base, name="Tas bort", teacherIds=[base.bertil],
                                                              roomId=base.small_room, capacity=8))  # fmt: skip
    await api.call("POST", "/v1/publications", json={"publishNow": True}, status=201)
    await api.create(
        f"/v1/admin/groups/{keep['id']}/exceptions", {"originalStart": "2026-09-07T09:00", "cancelled": True}
    )
    await api.call("DELETE", f"/v1/admin/groups/{drop['id']}", headers={"If-Match": '"v1"'}, status=204)
    thursday = [{"weekday": 4, "start": "18:00", "end": "21:00"}]
    added = await api.create(
        "/v1/admin/groups", group_payload(base, name="Ny kväll", variant="evening", slots=thursday)
    )
    _, pub = await api.call("POST", "/v1/publications", json={"publishNow": True}, status=201)
    diff = pub["diff"]
    assert pub["version"] == 2
    assert diff["added"] == [{"id": added["id"], "name": "Ny kväll"}]
    assert diff["removed"] == [{"id": drop["id"], "name": "Tas bort"}]
    assert diff["changed"] == [{"id": keep["id"], "name": "Behålls", "fields": ["exceptions"]}]
    assert [o["start"] for o in diff["occurrencesCancelled"]] == ["2026-09-07T09:00:00+02:00"]
    assert "Cancelled 'Behålls' on 2026-09-07 09:00" in diff["summary"]
    _, history = await api.call("GET", "/v1/publications", headers=ANON, status=200)
    assert [p["version"] for p in history["data"]] == [2, 1]


async def make_due(db_url: str, publication_id: str) -> None:
    """Let the publication's time come (it was scheduled an hour ahead, so it could not fall due early): a second
    ago by the services' clock, which is not the machine's (conftest.TERM_CLOCK)."""
    conn = await asyncpg.connect(db_url)
    try:
        await conn.execute(
            "UPDATE sfi.publications SET publish_at = $2 WHERE id = $1",
            uuid.UUID(publication_id),
            TERM_CLOCK.now() - timedelta(seconds=1),
        )
    finally:
        await conn.close()


async def test_scheduled_publication_with_two_replicas_makes_exactly_one_version(api, base, settings_env, db_url):
    await api.create("/v1/admin/groups", group_payload(base))
    at = (TERM_CLOCK.now() + timedelta(hours=1)).isoformat()
    _, pub = await api.call("POST", "/v1/publications", json={"publishAt": at}, status=201)
    assert pub["status"] == "scheduled" and pub["version"] is None
    env = {**settings_env, "DATABASE_URL": db_url, "LOTSEN_SCHEDULER": "true", "LOTSEN_SFI_PUBLISH_JOB_SECONDS": "1"}
    replicas = [create_app(load_settings(env)) for _ in range(2)]
    runners = []
    for app in replicas:
        server = TestServer(app)
        await server.start_server()
        runners.append(server)
    try:
        await make_due(db_url, pub["id"])
        before = [job_runs(app, PUBLISH_JOB) for app in replicas]
        # Two more finished runs on each replica: the second began after the publication fell due, so each
        # replica has had its chance to publish it (again).
        await until(
            lambda: all(job_runs(app, PUBLISH_JOB) >= n + 2 for app, n in zip(replicas, before, strict=True)),
            "both replicas ran the publication job twice since it fell due",
        )
    finally:
        for server in runners:
            await server.close()
    _, history = await api.call("GET", "/v1/publications", status=200)
    assert [(p["status"], p["version"]) for p in history["data"]] == [("published", 1)]
    assert len(history["data"][0]["diff"]["added"]) == 1


async def test_due_publication_is_caught_up_after_downtime(api, base, db_url):
    await api.create("/v1/admin/groups", group_payload(base))
    at = (TERM_CLOCK.now() + timedelta(hours=1)).isoformat()
    _, pub = await api.call("POST", "/v1/publications", json={"publishAt": at}, status=201)
    await make_due(db_url, pub["id"])  # it fell due while nothing ran
    app = api.client.server.app
    assert await publish_due_job(app) == 1
    assert await publish_due_job(app) == 0
    _, got = await api.call("GET", f"/v1/publications/{pub['id']}", status=200)
    assert got["status"] == "published" and got["version"] == 1


async def test_scheduled_publications_are_hidden_from_anonymous_callers(api, base):
    await api.create("/v1/admin/groups", group_payload(base))
    at = (TERM_CLOCK.now() + timedelta(hours=1)).isoformat()
    _, pub = await api.call("POST", "/v1/publications", json={"publishAt": at}, status=201)
    await api.call("GET", f"/v1/publications/{pub['id']}", headers=ANON, status=404)
    await api.call("POST", "/v1/publications", headers=ANON, json={}, status=401)
    _, cancelled = await api.call("POST", f"/v1/publications/{pub['id']}/cancel", status=200)
    assert cancelled["status"] == "cancelled"
