"""A process that cannot start says why in one line on stderr and exits non-zero, for every entry point."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from shared.localpg import free_port
from tests.e2e.conftest import ROOT
from tests.helpers import INTERNAL_SECRET, JWT_SECRET

pytestmark = pytest.mark.e2e

SERVICE = [sys.executable, "-m", "services.validation"]
SERVE = [sys.executable, "-m", "services.cli", "serve", "validation"]
UP = [sys.executable, "-m", "services.cli", "up"]
MIGRATE = [sys.executable, "-m", "services.cli", "migrate"]
STARTERS = {"python -m services.validation": SERVICE, "lotsen serve": SERVE, "lotsen up": UP}
EVERY = {**STARTERS, "lotsen migrate": MIGRATE}
PASSWORD = "not-for-your-eyes"


def closed_port_url() -> str:
    """A DSN whose port nothing listens on (with a password that must never be printed)."""
    return f"postgresql://lotsen:{PASSWORD}@127.0.0.1:{free_port()}/lotsen"


def start(cmd: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run an entry point that is expected to refuse to start; ``timeout`` only guards against a hang."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_") and k != "DATABASE_URL"}
    base.update(
        {
            "LOTSEN_HOME": str(tmp_path / "home"),
            "LOTSEN_INTERNAL_SECRET": INTERNAL_SECRET,
            "LOTSEN_JWT_SECRET": JWT_SECRET,
            # A free port each: a start that wrongly went ahead would not collide with anything.
            "LOTSEN_GATEWAY_PORT": str(free_port()),
            "LOTSEN_VALIDATION_PORT": str(free_port()),
            "LOTSEN_SFI_PORT": str(free_port()),
        }
    )
    base.update(env)
    return subprocess.run(cmd, cwd=ROOT, env=base, capture_output=True, text=True, timeout=300, check=False)


def one_line(proc: subprocess.CompletedProcess) -> str:
    """The process failed, and its stderr is exactly one line; return it."""
    assert proc.returncode != 0, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize("cmd", STARTERS.values(), ids=STARTERS.keys())
@pytest.mark.parametrize(
    ("service", "name", "value"),
    [
        ("validation", "LOTSEN_VALIDATION_MAX_FILE_SIZE", "lots"),
        ("sfi_schedule", "LOTSEN_SFI_EVENING_START", "late"),
        ("sfi_schedule", "LOTSEN_SFI_ADMIN_EMAILS", "the admins"),
        ("validation", "LOTSEN_SMTP_TLS", "ssl"),
        ("gateway", "LOTSEN_UPSTREAM_DEADLINE", "soon"),
        ("gateway", "LOTSEN_GATEWAY_PORT", "eighty"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable(tmp_path, cmd, service, name, value):
    if cmd is SERVICE:
        cmd = [sys.executable, "-m", f"services.{service}"]
    elif cmd is SERVE:
        cmd = [*SERVE[:-1], service]
    line = one_line(start(cmd, tmp_path, DATABASE_URL=closed_port_url(), **{name: value}))
    assert name in line and repr(value) in line and "bad setting" in line


@pytest.mark.parametrize("cmd", EVERY.values(), ids=EVERY.keys())
def test_a_shared_bad_setting_stops_every_entry_point_with_status_2(tmp_path, cmd):
    proc = start(cmd, tmp_path, DATABASE_URL=closed_port_url(), LOTSEN_DB_POOL_MAX="many")
    assert "LOTSEN_DB_POOL_MAX" in one_line(proc) and proc.returncode == 2


@pytest.mark.parametrize("cmd", EVERY.values(), ids=EVERY.keys())
def test_a_database_that_is_down_at_start_is_one_line_with_host_and_port_and_no_password(tmp_path, cmd):
    url = closed_port_url()
    line = one_line(start(cmd, tmp_path, DATABASE_URL=url))
    port = url.rsplit(":", 1)[1].split("/")[0]
    assert f"127.0.0.1:{port} is unreachable" in line
    assert PASSWORD not in line


@pytest.mark.parametrize("cmd", EVERY.values(), ids=EVERY.keys())
def test_a_database_that_refuses_us_is_one_line_saying_why(tmp_path, cmd, pg_admin_url):
    missing = pg_admin_url.rpartition("/")[0] + "/lotsen_no_such_database"
    line = one_line(start(cmd, tmp_path, DATABASE_URL=missing))
    assert "unreachable" in line and "lotsen_no_such_database" in line


@pytest.mark.parametrize("cmd", EVERY.values(), ids=EVERY.keys())
def test_a_database_url_with_a_bad_port_is_a_bad_setting_that_does_not_echo_the_password(tmp_path, cmd):
    line = one_line(start(cmd, tmp_path, DATABASE_URL=f"postgresql://lotsen:{PASSWORD}@127.0.0.1:port/lotsen"))
    assert "DATABASE_URL" in line and PASSWORD not in line


def test_a_service_without_a_database_url_names_the_variable(tmp_path):
    assert "DATABASE_URL" in one_line(start(SERVICE, tmp_path))


def test_a_port_in_use_is_one_line_naming_the_address(tmp_path, pg_admin_url):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = start(SERVICE, tmp_path, DATABASE_URL=pg_admin_url, LOTSEN_VALIDATION_PORT=str(port))
    line = one_line(proc)
    assert f"127.0.0.1:{port}" in line and "in use" in line.lower()
