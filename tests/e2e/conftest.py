"""Run ``lotsen up`` as a real subprocess on free ports with its own ``LOTSEN_HOME``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest

from shared.localpg import free_port
from tests.helpers import INTERNAL_SECRET, JWT_SECRET
from tests.waiting import HANG

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Suite:
    """A running ``lotsen up`` and how to reach it."""

    proc: subprocess.Popen
    home: Path
    env: dict[str, str]
    gateway: int
    validation: int
    sfi: int
    output: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The gateway's base URL."""
        return f"http://127.0.0.1:{self.gateway}"

    def read_output(self) -> str:
        """Everything ``lotsen up`` printed so far (after it stopped)."""
        return "".join(self.output)

    def stop(self, sig: int = signal.SIGINT) -> None:
        """Send ``sig`` and wait for the exit (bounded only against a hang)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        if self.proc.stdout and not self.proc.stdout.closed:
            out, _ = self.proc.communicate(timeout=HANG)
            self.output.append(out or "")


def make_home() -> Path:
    """A LOTSEN_HOME the postgres user can reach when the tests run as root."""
    home = Path(tempfile.mkdtemp(prefix="lotsen-e2e-"))
    home.chmod(0o755)
    return home


def suite_env(home: Path, database_url: str | None) -> tuple[dict[str, str], dict[str, int]]:
    """Environment for a suite on free ports."""
    ports = {"gateway": free_port(), "validation": free_port(), "sfi": free_port(), "smtp": free_port(),
             "mail": free_port()}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_") and k != "DATABASE_URL"}
    env.update(
        {
            "LOTSEN_HOME": str(home),
            "LOTSEN_GATEWAY_HOST": "127.0.0.1",
            "LOTSEN_GATEWAY_PORT": str(ports["gateway"]),
            "LOTSEN_VALIDATION_PORT": str(ports["validation"]),
            "LOTSEN_SFI_PORT": str(ports["sfi"]),
            # the demo's mail sink (lotsen up --demo), off the default 8025/8026 other suites may hold
            "LOTSEN_DEMO_SMTP_PORT": str(ports["smtp"]),
            "LOTSEN_DEMO_MAIL_PORT": str(ports["mail"]),
            "LOTSEN_INTERNAL_SECRET": INTERNAL_SECRET,
            "LOTSEN_JWT_SECRET": JWT_SECRET,
            "PYTHONUNBUFFERED": "1",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env, ports


def start_suite(home: Path, database_url: str | None, *args: str, wait: float = HANG) -> Suite:
    """Start ``lotsen up`` and wait for its 'running' banner (or its exit)."""
    env, ports = suite_env(home, database_url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "up", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    suite = Suite(proc, home, env, ports["gateway"], ports["validation"], ports["sfi"])
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        suite.output.append(line)
        if line.startswith("Press Ctrl-C"):
            return suite
    return suite


@pytest.fixture(scope="session")
async def e2e_database(pg_admin_url: str, template_db: str) -> AsyncIterator[str]:
    """A migrated database shared by the end-to-end suite started once per session."""
    name = f"lotsen_e2e_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(pg_admin_url)
    await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    base, _, _ = pg_admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(scope="session")
def suite(e2e_database: str) -> Iterator[Suite]:
    """The whole suite as real processes (``lotsen up --demo``) on the test database."""
    running = start_suite(make_home(), e2e_database, "--demo")
    if running.proc.poll() is not None:
        running.stop()
        pytest.fail("lotsen up did not start:\n" + running.read_output())
    yield running
    running.stop()
