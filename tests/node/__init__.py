"""The npm packages the tests start as real counterparts (``oidc-provider``, ``ical.js``, ``axe-core``).

``make test`` installs them from ``package-lock.json`` with ``npm ci`` (``python -m tests.node``); tests find
them here and run scripts with the machine's Node.js.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).parent
MODULES = HERE / "node_modules"


def node() -> str:
    """The Node.js binary, or a clear error naming what is missing."""
    found = shutil.which("node")
    if not found:
        raise RuntimeError("Node.js is missing: the counterpart tests need `node` and `npm` on PATH")
    return found


def package_dir(name: str) -> Path:
    """Where an installed npm package lives; a clear error if ``python -m tests.node`` has not run."""
    path = MODULES / name
    if not (path / "package.json").exists():
        raise RuntimeError(f"npm package {name} is not installed: run `python -m tests.node` (make test does)")
    return path


def ensure_installed() -> None:
    """Install the locked npm packages unless node_modules already matches the lock file."""
    lock = HERE / "package-lock.json"
    stamp = MODULES / ".lotsen-lock"
    if stamp.exists() and stamp.read_text() == lock.read_text():
        return
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is missing: the counterpart tests need Node.js with npm")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    stamp.write_text(lock.read_text())
