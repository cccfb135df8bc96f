"""Sample the gateway with py-spy while wrk drives the proxied search, and summarise where the time goes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from bench.tools import wrk

# Frames we report on: the proxy path in our code and the libraries it leans on.
WATCH = ("services/gateway/", "shared/", "aiohttp/", "jwt/", "asyncio/", "hmac", "json/")


def py_spy() -> str | None:
    """The py-spy binary (in the venv or on PATH), if installed."""
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def sample(pid: int, url: str, seconds: float, connections: int = 32) -> Path | None:
    """Record collapsed stacks of ``pid`` while wrk loads ``url``."""
    spy = py_spy()
    if spy is None:
        return None
    out = Path(tempfile.mkdtemp(prefix="lotsen-bench-prof-")) / "gateway.folded"
    load = threading.Thread(target=wrk, args=(url,), kwargs={"seconds": seconds + 1, "connections": connections})
    load.start()
    subprocess.run(
        [
            spy,
            "record",
            "--pid",
            str(pid),
            "--duration",
            f"{int(seconds)}",
            "--rate",
            "250",
            "--format",
            "raw",
            "--nonblocking",
            "--output",
            str(out),
        ],
        capture_output=True,
        check=False,
    )
    load.join()
    return out if out.exists() else None


def _frame_key(frame: str) -> str:
    # py-spy raw frames look like "function (path/to/file.py:123)"
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "/work/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{name} ({path.split('main/', 1)[-1]})"


IDLE = ("select (selectors.py)", "EpollSelector.select")


def summarise(folded: Path, top: int = 15) -> list[str]:
    """Inclusive shares of our own functions and self shares of the busiest ones, idle waiting excluded."""
    inclusive, own, total, idle = Counter(), Counter(), 0, 0
    for line in folded.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [_frame_key(f) for f in stack.split(";") if f]
        if frames and frames[-1].startswith(IDLE):
            idle += int(count)
            continue
        n = int(count)
        total += n
        for key in set(frames):
            inclusive[key] += n
        if frames:
            own[frames[-1]] += n
    if not total:
        return ["(no samples)"]
    lines = [
        f"{total} busy samples (plus {idle} idle in epoll) at 250 Hz while wrk drove "
        "`GET /api/sfi/v1/groups` through the gateway. Shares are of busy time.",
        "",
        "Inclusive time of our own code (the function and what it calls):",
        "",
        "| share | function |",
        "|---:|---|",
    ]
    ours = [(k, v) for k, v in inclusive.most_common() if "services/gateway/" in k or "shared/" in k]
    lines += [f"| {v / total:.1%} | `{k}` |" for k, v in ours[:top]]
    lines += ["", "Self time (where the CPU actually is):", "", "| share | function |", "|---:|---|"]
    lines += [f"| {v / total:.1%} | `{k}` |" for k, v in own.most_common(top)]
    return lines
