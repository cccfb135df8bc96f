"""``lotsen import-schedule``: the command line over the same import, with progress and a per-row report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.integration.sfi.conftest import ADMIN
from tests.integration.sfi.test_import import EVENING, GOOD, HEADER, TOO_EARLY
from tests.waiting import HANG

ROOT = Path(__file__).resolve().parents[3]


def _run(db_url: str, tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "schema.csv"
    path.write_text(text, encoding="utf-8")
    env = {"DATABASE_URL": db_url, "LOTSEN_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "services.cli", "import-schedule", str(path), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=HANG, check=False)  # fmt: skip


async def test_a_file_with_a_refused_row_imports_nothing_and_names_the_row(api, base, db_url, tmp_path):
    proc = _run(db_url, tmp_path, HEADER + GOOD + TOO_EARLY)
    assert proc.returncode == 1
    assert "row 3 (Tidig kväll): refused" in proc.stdout
    assert "nothing imported" in proc.stdout
    assert "2/2 rows" in proc.stderr  # the progress bar
    _, drafts = await api.call("GET", "/v1/admin/groups", status=200, headers=ADMIN)
    assert drafts["data"] == []


async def test_a_clean_file_is_imported_and_force_keeps_good_rows(api, base, db_url, tmp_path):
    proc = _run(db_url, tmp_path, HEADER + GOOD + EVENING)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 imported, 0 refused" in proc.stdout
    proc = _run(db_url, tmp_path, HEADER + TOO_EARLY, "--force")
    assert proc.returncode == 1 and "0 imported, 1 refused" in proc.stdout
