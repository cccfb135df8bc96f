"""Several replicas of every service as real processes against one PostgreSQL (the scale-out harness)."""

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
from tests.e2e.conftest import ROOT
from tests.helpers import INTERNAL_SECRET, JWT_SECRET, job_runs_in
from tests.waiting import HANG, until

PORT_VAR = {"validation": "LOTSEN_VALIDATION_PORT", "sfi_schedule": "LOTSEN_SFI_PORT", "gateway": "LOTSEN_GATEWAY_PORT"}


@dataclass
class Replica:
    """One service process."""

    name: str
    service: str
    port: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Base URL of this replica."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the process (output to its log file)."""
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", f"services.{self.service}"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def ready(self) -> bool:
        """True when ``/readyz`` answers 200."""
        try:
            with urllib.request.urlopen(self.url + "/readyz", timeout=1) as resp:  # noqa: S310
                return resp.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def job_runs(self, job: str) -> float:
        """Finished runs of ``job`` in this process so far (from its ``/metrics``)."""
        with urllib.request.urlopen(self.url + "/metrics", timeout=HANG) as resp:  # noqa: S310
            return job_runs_in(resp.read().decode(), job)

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as when a node dies."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM and wait (SIGKILL after 10 s)."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Fleet:
    """Two replicas of each backend and two gateways (by default) sharing one database."""

    dsn: str
    home: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    replicas: int = 2
    members: dict[str, Replica] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ports = {f"{svc}-{i}": free_port() for svc in PORT_VAR for i in range(1, self.replicas + 1)}
        urls = {
            svc: ",".join(f"http://127.0.0.1:{ports[f'{svc}-{i}']}" for i in range(1, self.replicas + 1))
            for svc in ("validation", "sfi_schedule")
        }
        base = {k: v for k, v in os.environ.items() if not k.startswith("LOTSEN_") and k != "DATABASE_URL"}
        base.update(
            {
                "DATABASE_URL": self.dsn,
                "LOTSEN_HOME": str(self.home),
                "LOTSEN_INTERNAL_SECRET": INTERNAL_SECRET,
                "LOTSEN_JWT_SECRET": JWT_SECRET,
                "LOTSEN_GATEWAY_HOST": "127.0.0.1",
                "LOTSEN_VALIDATION_URL": urls["validation"],
                "LOTSEN_SFI_URL": urls["sfi_schedule"],
                "LOTSEN_ACCESS_LOG": "false",
                **self.extra_env,
            }
        )
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        for name, port in ports.items():
            service = name.rsplit("-", 1)[0]
            env = {**base, PORT_VAR[service]: str(port)}
            self.members[name] = Replica(name, service, port, env, self.home / "logs" / f"{name}.log")

    def of(self, service: str) -> list[Replica]:
        """The replicas of one service."""
        return [r for r in self.members.values() if r.service == service]

    def start(self, timeout: float = HANG) -> None:
        """Start every replica and wait until each is ready."""
        for replica in self.members.values():
            replica.start()
        self.wait_ready(list(self.members.values()), timeout)

    @staticmethod
    async def ticked(replicas: list[Replica], job: str, what: str) -> None:
        """Wait until each replica has finished ``job`` twice more: the second run began after this call did."""
        before = [r.job_runs(job) for r in replicas]

        def ran_twice() -> bool:
            return all(r.job_runs(job) >= n + 2 for r, n in zip(replicas, before, strict=True))

        await until(ran_twice, what, poll=0.2)

    @staticmethod
    def wait_ready(replicas: list[Replica], timeout: float = HANG) -> None:
        """Wait for ``/readyz`` of each replica; raise with its log if one dies or stays unready."""
        deadline = time.monotonic() + timeout
        pending = list(replicas)
        while pending:
            for r in list(pending):
                if r.proc and r.proc.poll() is not None:
                    raise RuntimeError(f"{r.name} exited:\n{r.log.read_text(errors='replace')[-3000:]}")
                if r.ready():
                    pending.remove(r)
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready: {[r.name for r in pending]}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop everything."""
        for replica in self.members.values():
            replica.stop()
