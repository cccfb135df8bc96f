"""``python -m tests.node``: install the locked npm counterparts (make test runs this)."""

from tests.node import ensure_installed

ensure_installed()
