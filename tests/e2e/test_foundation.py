"""The walking skeleton end to end: `lotsen up` as real processes, called through the gateway."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

import aiohttp
import asyncpg
import psutil
import pytest
from openapi_spec_validator import validate

from shared.identity import HEADER, Identity, sign_identity
from tests.e2e.conftest import ROOT, Suite, make_home, start_suite, suite_env
from tests.helpers import INTERNAL_SECRET
from tests.integration.validation.support import application
from tests.waiting import HANG, until, until_sync

pytestmark = pytest.mark.e2e


async def get(url: str, **kw) -> tuple[int, dict, dict]:
    async with aiohttp.ClientSession() as http, http.get(url, **kw) as resp:
        body = await resp.json(content_type=None) if resp.content_length != 0 else {}
        return resp.status, dict(resp.headers), body


async def test_readyz_and_both_services_through_the_gateway(suite: Suite):
    status, _, body = await get(f"{suite.url}/readyz")
    assert status == 200 and body["validation"] == "ok" and body["sfi"] == "ok"
    status, _, roles = await get(f"{suite.url}/api/validation/v1/roles")
    assert status == 200
    ssyk = {r["code"]: r["ssyk"] for r in roles["data"]}
    assert ssyk["underskoterska"] == "5321" and ssyk["barnskotare"] == "5311"
    status, _, courses = await get(f"{suite.url}/api/sfi/v1/courses")
    assert status == 200
    assert {c["code"]: c["paths"] for c in courses["data"]} == {"A": [1], "B": [1, 2], "C": [1, 2, 3], "D": [1, 2, 3]}


async def test_merged_openapi_is_valid_3_1_with_both_services(suite: Suite):
    status, _, doc = await get(f"{suite.url}/api/openapi.json")
    assert status == 200 and doc["openapi"] == "3.1.0"
    validate(doc)
    assert "/api/validation/v1/roles" in doc["paths"]
    assert "/api/sfi/v1/courses" in doc["paths"]
    assert "x-incomplete" not in doc


@pytest.mark.parametrize("port_attr", ["validation", "sfi"])
async def test_service_port_without_assertion_is_401_problem(suite: Suite, port_attr: str):
    port = getattr(suite, port_attr)
    path = "/v1/roles" if port_attr == "validation" else "/v1/courses"
    status, headers, body = await get(f"http://127.0.0.1:{port}{path}")
    assert status == 401
    assert headers["Content-Type"].startswith("application/problem+json")
    assert body["request_id"]


async def test_client_sent_identity_header_is_dropped_by_the_gateway(suite: Suite):
    # A correctly signed assertion claiming a caseworker, sent by a client: the gateway must not pass it on.
    forged = sign_identity(Identity(sub="x", kind="person", roles=frozenset({"caseworker"})), INTERNAL_SECRET.encode())
    status, _, body = await get(f"{suite.url}/api/validation/v1/cases", headers={HEADER: forged})
    assert status == 401, body
    status, _, _ = await get(f"{suite.url}/api/validation/v1/roles", headers={HEADER: "garbage"})
    assert status == 200


async def test_bad_bearer_token_is_401(suite: Suite):
    status, _, body = await get(f"{suite.url}/api/sfi/v1/courses", headers={"Authorization": "Bearer not-a-token"})
    assert status == 401 and body["status"] == 401


async def test_problem_details_for_malformed_invalid_and_unknown(suite: Suite):
    url = f"{suite.url}/api/validation/v1/applications"
    async with aiohttp.ClientSession() as http:
        async with http.post(
            url, data=b'{"targetRole": ', headers={"Content-Type": "application/json", "X-Request-ID": "e2e-req-1"}
        ) as resp:
            assert resp.status == 400
            assert resp.headers["X-Request-ID"] == "e2e-req-1"
            body = await resp.json(content_type="application/problem+json")
            assert body["request_id"] == "e2e-req-1"
            assert body["instance"] == "/api/validation/v1/applications"
        async with http.post(url, json=application(targetRole="astronaut")) as resp:
            assert resp.status == 422
            body = await resp.json(content_type="application/problem+json")
            assert "/targetRole" in [e["pointer"] for e in body["errors"]]
        async with http.get(f"{suite.url}/api/sfi/v1/no-such-thing") as resp:
            assert resp.status in (401, 404)
        async with http.get(f"{suite.url}/api/nowhere") as resp:
            assert resp.status == 404
            assert resp.content_type == "application/problem+json"
            assert (await resp.json(content_type=None))["request_id"]


def _processes_under(home: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline", "environ"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
            env = proc.info["environ"] or {}
        except (psutil.AccessDenied, psutil.NoSuchProcess):
            continue
        if home in cmd or env.get("LOTSEN_HOME") == home:
            found.append(proc)
    return found


def _lotsen(home, *args: str) -> str:
    env = {"LOTSEN_HOME": str(home), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "services.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=True,
    )
    return out.stdout.strip()


async def test_own_cluster_stops_cleanly_on_ctrl_c_and_keeps_data():
    home = make_home()
    first = start_suite(home, None)
    assert first.proc.poll() is None, first.read_output()
    assert _processes_under(str(home)), "expected PostgreSQL and services running"
    first.stop(signal.SIGINT)
    assert first.proc.returncode == 0, first.read_output()
    await until(lambda: _processes_under(str(home)) == [], "no process left behind after Ctrl-C")

    url = _lotsen(home, "db", "start")
    try:
        conn = await asyncpg.connect(url)
        await conn.execute("INSERT INTO gateway.daily_usage (consumer, day, count) VALUES ('marker', '2026-01-01', 7)")
        await conn.close()
    finally:
        _lotsen(home, "db", "stop")

    second = start_suite(home, None)
    try:
        assert "up to date" in second.read_output()
    finally:
        second.stop(signal.SIGTERM)
    url = _lotsen(home, "db", "start")
    try:
        conn = await asyncpg.connect(url)
        assert await conn.fetchval("SELECT count FROM gateway.daily_usage WHERE consumer = 'marker'") == 7
        await conn.close()
    finally:
        _lotsen(home, "db", "stop")


async def test_database_url_means_no_cluster_of_our_own(e2e_database: str):
    home = make_home()
    suite = start_suite(home, e2e_database)
    try:
        assert suite.proc.poll() is None, suite.read_output()
        assert "using DATABASE_URL" in suite.read_output()
        assert not (home / "pg").exists()
        names = [p.name() for p in _processes_under(str(home))]
        assert not any("postgres" in n for n in names)
    finally:
        suite.stop()


def _run_up(env: dict[str, str]) -> subprocess.CompletedProcess:
    """`lotsen up` expected to stop by itself (a failure at start); its output captured."""
    cmd = [sys.executable, "-m", "services.cli", "up"]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=HANG, check=False)


def test_a_child_that_dies_at_start_stops_the_rest_and_exits_non_zero(e2e_database: str):
    home = make_home()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        env, _ = suite_env(home, e2e_database)
        env["LOTSEN_VALIDATION_PORT"] = str(blocker.getsockname()[1])
        proc = _run_up(env)
    assert proc.returncode != 0
    assert "validation" in proc.stdout and "address already in use" in proc.stdout.lower()
    until_sync(lambda: _processes_under(str(home)) == [], "no process left behind")


def _mint(env: dict[str, str], role: str, sub: str) -> str:
    cmd = [sys.executable, "-m", "services.cli", "token", "--role", role, "--sub", sub]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=HANG, check=True)
    return out.stdout.strip()


async def test_lotsen_token_mints_a_token_the_gateway_accepts(suite: Suite):
    env = {**suite.env, "PATH": "/usr/bin:/bin"}
    token = _mint(env, "caseworker", "cw-1")
    status, _, _ = await get(f"{suite.url}/api/sfi/v1/courses", headers={"Authorization": f"Bearer {token}"})
    assert status == 200
    # A token signed with another secret is refused.
    forged = _mint({**env, "LOTSEN_JWT_SECRET": "another-secret-" + "q" * 32}, "admin", "x")
    status, _, _ = await get(f"{suite.url}/api/sfi/v1/courses", headers={"Authorization": f"Bearer {forged}"})
    assert status == 401


def test_a_bad_setting_stops_with_one_line_naming_it():
    env = {"LOTSEN_HOME": str(make_home()), "LOTSEN_GATEWAY_PORT": "eighty", "PATH": "/usr/bin:/bin"}
    proc = _run_up(env)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "LOTSEN_GATEWAY_PORT" in lines[0]


async def test_gateway_readiness_reports_a_down_upstream_without_leaving_rotation(e2e_database: str):
    from tests.e2e.fleet import Fleet

    fleet = Fleet(e2e_database, make_home(), replicas=1)
    fleet.start()
    try:
        gateway = fleet.of("gateway")[0].url
        status, _, body = await get(f"{gateway}/readyz")
        assert (status, body["status"]) == (200, "ready")
        fleet.of("sfi_schedule")[0].kill()
        status, _, body = await get(f"{gateway}/readyz")
        assert status == 200 and body["status"] == "degraded" and body["sfi"] == "unavailable"
        assert body["validation"] == "ok" and body["database"] == "ok"
    finally:
        fleet.stop()
