"""A local PostgreSQL cluster that a test can stop and start again on the same port with its data kept."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from shared.localpg import LocalPostgres


class RestartableCluster:
    """A non-throwaway ``LocalPostgres`` in a temp folder; ``down()``/``up()`` keep data and port."""

    def __init__(self) -> None:
        root = Path(tempfile.mkdtemp(prefix="lotsen-fault-pg-"))
        root.chmod(0o755)
        self.pg = LocalPostgres(root)
        self.admin_url = self.pg.start()
        self.port = self.pg.port
        self.log = root / "postgres.log"

    def _pg_ctl(self, *args: str) -> None:
        pg_ctl = str(self.pg._bin_dir() / "pg_ctl")
        subprocess.run(
            [pg_ctl, "-D", str(self.pg.data), *args],
            check=True,
            capture_output=True,
            timeout=60,
            cwd=self.pg.root,
            **self.pg.run_as.popen_kwargs(),
        )

    def down(self) -> None:
        """Stop the server (fast: open connections are cut, as in a crash or failover)."""
        self._pg_ctl("-m", "fast", "-w", "-t", "20", "stop")

    def up(self) -> None:
        """Start the server again on the same port."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300"
        self._pg_ctl("-l", str(self.log), "-w", "-t", "30", "-o", options, "start")

    def url(self, dbname: str = "postgres") -> str:
        """A DSN for ``dbname``."""
        return self.pg.url(dbname)

    def destroy(self) -> None:
        """Stop the server and delete the folder."""
        import shutil

        self.pg.stop()
        shutil.rmtree(self.pg.root, ignore_errors=True)
