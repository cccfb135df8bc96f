"""The gateway as real processes: keys from the CLI, quotas across two gateways, an upstream killed and back."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import aiohttp
import pytest

from services.gateway.tokens import JwtConfig, mint_token
from shared.localpg import free_port
from tests.e2e.conftest import ROOT, make_home, suite_env
from tests.helpers import JWT_SECRET
from tests.waiting import HANG, until, until_sync

pytestmark = pytest.mark.e2e


@dataclass
class Procs:
    """Service processes started by this module, by name, and their environment."""

    env: dict[str, str]
    ports: dict[str, int]
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, module: str, extra: dict[str, str] | None = None) -> None:
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", f"services.{module}"],
            cwd=ROOT,
            env={**self.env, **(extra or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.kill()
        proc.wait(timeout=10)


def ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=1) as resp:  # noqa: S310 - local test URL
            return resp.status == 200
    except OSError:
        return False


def wait_ready(url: str) -> None:
    until_sync(lambda: ready(url), f"{url} is ready")


@pytest.fixture(scope="module")
def procs(e2e_database: str) -> Iterator[Procs]:
    """validation, sfi_schedule and two gateways (short key cache and breaker times) on the test database."""
    env, ports = suite_env(make_home(), e2e_database)
    ports["gateway2"] = free_port()
    env.update({"LOTSEN_KEY_CACHE_SECONDS": "1", "LOTSEN_BREAKER_FAILURES": "3", "LOTSEN_BREAKER_OPEN_SECONDS": "1"})
    running = Procs(env, ports)
    running.start("validation", "validation")
    running.start("sfi", "sfi_schedule")
    running.start("gateway", "gateway")
    running.start("gateway2", "gateway", {"LOTSEN_GATEWAY_PORT": str(ports["gateway2"])})
    try:
        for name in ("validation", "sfi", "gateway", "gateway2"):
            wait_ready(running.url(name))
        yield running
    finally:
        for name in list(running.procs):
            running.stop(name)


def lotsen_keys(procs: Procs, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "services.cli", "keys", *args],
        cwd=ROOT,
        env=procs.env,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=True,
    )
    return out.stdout


def new_key(procs: Procs, *args: str) -> tuple[str, str]:
    out = lotsen_keys(procs, "create", "--name", "e2e system", *args)
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return fields["id"].strip(), fields["key"].strip()


async def statuses_are(urls: list[str], headers: dict[str, str], expected: list[int]) -> bool:
    return await statuses(urls, headers) == expected


async def statuses(urls: list[str], headers: dict[str, str]) -> list[int]:
    async with aiohttp.ClientSession() as http:
        out = []
        for url in urls:
            async with http.get(url, headers=headers) as resp:
                out.append(resp.status)
        return out


async def test_cli_key_scope_quota_across_two_gateways_and_revocation(procs: Procs):
    _, reader = new_key(procs, "--scope", "schedule:read", "--quota", "5")
    _, other = new_key(procs, "--scope", "validation:read")
    courses = [procs.url(g) + "/api/sfi/v1/courses" for g in ("gateway", "gateway2")]
    assert await statuses(courses, {"X-API-Key": other}) == [403, 403]
    assert await statuses(courses * 3, {"X-API-Key": reader}) == [200] * 5 + [429]
    key_id, revoked = new_key(procs, "--scope", "schedule:read")
    assert await statuses(courses, {"X-API-Key": revoked}) == [200, 200]
    assert "revoked" in lotsen_keys(procs, "revoke", key_id)
    assert key_id in lotsen_keys(procs, "list")
    # Each gateway notices within LOTSEN_KEY_CACHE_SECONDS=1 (that bound is the integration tests' to prove,
    # on a clock they move): here, both refuse the key once their cache has expired.
    await until(
        lambda: statuses_are(courses, {"X-API-Key": revoked}, [401, 401]),
        "both gateways refuse the revoked key",
        poll=0.2,
    )


async def test_sfi_killed_means_fast_503_validation_fine_overview_incomplete_and_recovery(procs: Procs):
    gw = procs.url("gateway")
    person = mint_token(JwtConfig(JWT_SECRET.encode(), "lotsen-dev", "lotsen"), sub="e2e-person", roles=["resident"])
    bearer = {"Authorization": f"Bearer {person}"}
    procs.stop("sfi")
    async with aiohttp.ClientSession() as http:
        for _ in range(5):  # a refused connection, then the open breaker: 503 either way, never a wait
            async with http.get(gw + "/api/sfi/v1/courses") as resp:
                assert resp.status == 503 and resp.content_type == "application/problem+json"
                assert resp.headers["Retry-After"]
        async with http.get(gw + "/api/validation/v1/roles") as resp:
            assert resp.status == 200
        async with http.get(gw + "/api/me/overview", headers=bearer) as resp:
            body = await resp.json()
            assert resp.status == 200 and body["complete"] is False
            assert {"sfi.enrolments", "sfi.matches"} <= set(body["missing"])
        procs.start("sfi", "sfi_schedule")
        wait_ready(procs.url("sfi"))
        await until(
            lambda: statuses_are([gw + "/api/sfi/v1/courses"], {}, [200]), "the gateway reaches sfi again", poll=0.2
        )
