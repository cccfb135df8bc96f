"""``lotsen up`` supervises its services: one that crashes is restarted and said so (issue 17, finding 11)."""

from __future__ import annotations

import queue
import signal
import threading
import time

import aiohttp
import psutil
import pytest

from tests.e2e.conftest import Suite, make_home, start_suite

pytestmark = pytest.mark.e2e


class Lines:
    """What ``lotsen up`` prints from now on, line by line, without blocking the test on a silent pipe."""

    def __init__(self, suite: Suite) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._stdout = suite.proc.stdout
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        for line in self._stdout:
            self._queue.put(line)

    def close(self) -> None:
        """After the process ended: the rest of its output is read, the pipe closed."""
        self._thread.join(timeout=10)
        self._stdout.close()

    def wait_for(self, text: str, timeout: float = 90) -> str:
        """The first line containing ``text`` (an event; the timeout only keeps a broken run from hanging)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"lotsen up never said {text!r}; it said:\n{''.join(self.seen)}")


def _child(suite: Suite, module: str) -> psutil.Process:
    (child,) = [p for p in psutil.Process(suite.proc.pid).children() if module in " ".join(p.cmdline())]
    return child


async def test_a_crashed_service_is_restarted_with_backoff_and_the_suite_stops_cleanly(e2e_database: str):
    suite = start_suite(make_home(), e2e_database)
    assert suite.proc.poll() is None, suite.read_output()
    lines = Lines(suite)
    try:
        first = _child(suite, "services.sfi_schedule")
        first.kill()
        crash = lines.wait_for("sfi_schedule exited")
        assert "code -9" in crash and "restarting in 1 s (restart 1)" in crash
        lines.wait_for("restarting sfi_schedule")
        lines.wait_for("sfi_schedule ready again")
        assert _child(suite, "services.sfi_schedule").pid != first.pid
        async with aiohttp.ClientSession() as session, session.get(f"{suite.url}/api/sfi/v1/courses") as resp:
            assert resp.status == 200
        # The other services were never touched.
        assert "validation exited" not in "".join(lines.seen) and "gateway exited" not in "".join(lines.seen)
    finally:
        started = time.monotonic()
        suite.proc.send_signal(signal.SIGTERM)
        code = suite.proc.wait(timeout=15)
        elapsed = time.monotonic() - started
    lines.close()
    assert code == 0 and elapsed < 10
    lines.wait_for("· stopped")
