"""Find Debian's Chromium for the browser tests, installing it with apt when it is missing.

Playwright's own browser download is never used (no network but the package registries): the tests
launch the system Chromium through ``executable_path``. Run ``python -m tests.browser.chromium`` to
install it ahead of time (``make test`` can call the same).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
INSTALL = "apt-get update && apt-get install -y chromium"


def find_chromium() -> str | None:
    """The system Chromium's path, or None."""
    for path in CANDIDATES:
        if Path(path).exists():
            return path
    return shutil.which("chromium")


def ensure_chromium() -> str:
    """The system Chromium, installed with apt-get when missing and allowed (root); else a clear error."""
    found = find_chromium()
    if found:
        return found
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise RuntimeError(f"Chromium is missing; install it with: sudo sh -c '{INSTALL}'")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    found = find_chromium()
    if not found:
        raise RuntimeError("apt-get installed chromium but no binary was found")
    return found


if __name__ == "__main__":
    print(ensure_chromium())
    sys.exit(0)
