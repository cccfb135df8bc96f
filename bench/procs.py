"""The suite for benchmarks: a throwaway PostgreSQL and the three services as separate processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from shared.localpg import free_port

ROOT = Path(__file__).resolve().parents[1]
MODULES = {"validation": "services.validation", "sfi": "services.sfi_schedule", "gateway": "services.gateway"}
INTERNAL_SECRET = "bench-internal-secret-" + "b" * 32
JWT_SECRET = "bench-jwt-secret-" + "j" * 32
# wrk sends everything from one address and one token: per-consumer limits would measure the limiter.
# The contention scenario queues 1 000 enrolments on one row lock; on a busy 2-core machine the last ones wait
# longer than the default 10 s upstream deadline, which would turn them into 504s instead of measuring the queue.
BENCH_ENV = {"LOTSEN_RATE_ANONYMOUS": "1000000", "LOTSEN_RATE_PERSON": "1000000", "LOTSEN_UPSTREAM_DEADLINE": "60"}


def status_of(url: str, timeout: float = 1.0) -> int | None:
    """The status of a GET (``None`` when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - http URL we built
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


def base_env(home: Path, database_url: str | None) -> tuple[dict[str, str], dict[str, int]]:
    """Environment of a suite on free ports with fixed bench secrets."""
    ports = {"gateway": free_port(), "validation": free_port(), "sfi": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_") and k != "DATABASE_URL"}
    env.update(
        {
            "LOTSEN_HOME": str(home),
            "LOTSEN_GATEWAY_HOST": "127.0.0.1",
            "LOTSEN_GATEWAY_PORT": str(ports["gateway"]),
            "LOTSEN_VALIDATION_PORT": str(ports["validation"]),
            "LOTSEN_SFI_PORT": str(ports["sfi"]),
            "LOTSEN_INTERNAL_SECRET": INTERNAL_SECRET,
            "LOTSEN_JWT_SECRET": JWT_SECRET,
            "PYTHONUNBUFFERED": "1",
            **BENCH_ENV,
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env, ports


@dataclass
class Services:
    """validation, sfi and gateway as child processes, each logging into ``home/logs``."""

    home: Path
    database_url: str
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env, self.ports = base_env(self.home, self.database_url)
        (self.home / "logs").mkdir(parents=True, exist_ok=True)

    def url(self, name: str = "gateway") -> str:
        """Base URL of one process."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self) -> Services:
        """Start everything and wait until each ``/readyz`` answers 200."""
        for name in ("validation", "sfi", "gateway"):
            with (self.home / "logs" / f"{name}.log").open("ab") as out:
                self.procs[name] = subprocess.Popen(
                    [sys.executable, "-m", MODULES[name]],
                    cwd=ROOT,
                    env=self.env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
        deadline = time.monotonic() + 60
        for name in ("validation", "sfi", "gateway"):
            while status_of(self.url(name) + "/readyz") != 200:
                if self.procs[name].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start; see {self.home / 'logs' / (name + '.log')}")
                time.sleep(0.1)
        return self

    def restart(self, env: dict[str, str | None]) -> Services:
        """Stop everything, change the environment (``None`` removes a variable), start again on the same ports."""
        self.stop()
        for key, value in env.items():
            if value is None:
                self.env.pop(key, None)
            else:
                self.env[key] = value
        self.procs.clear()
        return self.start()

    def pid(self, name: str) -> int:
        """The process id of one service (for profiling)."""
        return self.procs[name].pid

    def stop(self) -> None:
        """SIGTERM everything; SIGKILL what does not stop in time."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@dataclass
class Relay:
    """``bench.relay``: a bare aiohttp relay in front of sfi, the floor under the gateway."""

    sfi_url: str
    identity: str
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Base URL of the relay."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Relay:
        """Start it and wait until it relays."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.relay", str(self.port), self.sfi_url, self.identity],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while status_of(self.url + "/api/sfi/v1/courses") != 200:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("bench.relay did not start")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        """Stop it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
