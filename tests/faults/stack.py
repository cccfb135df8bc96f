"""The suite as separately started processes, so a test can kill and restart one of them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.conftest import ROOT, suite_env
from tests.waiting import HANG

MODULES = {"validation": "services.validation", "sfi": "services.sfi_schedule", "gateway": "services.gateway"}


def http_status(url: str, timeout: float = 1.0) -> int | None:
    """The status of a GET (``None`` when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - http URL we built
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


@dataclass
class Stack:
    """validation, sfi and gateway as three child processes on free ports, logging into ``home/logs``."""

    home: Path
    database_url: str
    extra_env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env, self.ports = suite_env(self.home, self.database_url)
        self.env.update(self.extra_env)
        (self.home / "logs").mkdir(parents=True, exist_ok=True)

    def url(self, name: str = "gateway") -> str:
        """Base URL of one process."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def log(self, name: str) -> Path:
        """Where ``name`` writes its output."""
        return self.home / "logs" / f"{name}.log"

    def start(self, name: str) -> None:
        """Start one process (its output is appended to its log)."""
        with self.log(name).open("ab") as out:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", MODULES[name]],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def wait_ready(self, name: str, timeout: float = HANG) -> None:
        """Wait until ``/readyz`` of ``name`` answers 200; fail with its log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs[name]
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited ({proc.returncode}):\n{self.tail(name)}")
            if http_status(self.url(name) + "/readyz") == 200:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{name} not ready within {timeout} s:\n{self.tail(name)}")

    def start_all(self) -> Stack:
        """Start the services, then the gateway, and wait for all of them."""
        for name in ("validation", "sfi"):
            self.start(name)
        for name in ("validation", "sfi"):
            self.wait_ready(name)
        self.start("gateway")
        self.wait_ready("gateway")
        return self

    def kill(self, name: str) -> None:
        """SIGKILL one process (no graceful shutdown) and reap it."""
        proc = self.procs[name]
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM everything, SIGKILL what does not stop within a few seconds."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def tail(self, name: str, lines: int = 40) -> str:
        """The last lines ``name`` wrote."""
        try:
            return "\n".join(self.log(name).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def tracebacks(self, name: str) -> str:
        """Every traceback or 'unhandled error' line in ``name``'s log (for failure messages)."""
        try:
            text = self.log(name).read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(line[:4000] for line in text.splitlines() if "Traceback" in line or "unhandled" in line)
