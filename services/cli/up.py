"""``lotsen up``: database, migrations, the three services as child processes, clean stop on Ctrl-C.

It supervises the children as a process manager would: a service that dies after the suite came up is
restarted with exponential backoff (1 s, 2 s, 4 s … at most 30 s), and each crash and restart is said on
the console. A service that keeps crashing (five times without a minute of steady running) stops the
suite, as does one that dies while the suite is starting (a bad setting or a taken port will not mend
itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from services.cli import mailsink
from services.cli.commands import APP_DB, local_cluster
from services.gateway.config import from_settings as gateway_settings
from services.gateway.tokens import JwtConfig, mint_token
from services.registry import check_settings, migrate_all, seed_demo
from shared.demo import DEMO_PEOPLE
from shared.localpg import LocalPostgres, LocalPostgresError, ensure_database
from shared.settings import Settings, env_port, load_settings

READY_TIMEOUT = 60.0
STOP_GRACE = 7.0  # children get this long after SIGTERM; the whole stop stays within 10 s
POLL_SECONDS = 0.2


@dataclass
class Backoff:
    """When to restart a crashed child: doubling waits, forgiven after a steady run, up to a limit."""

    first: float = 1.0
    cap: float = 30.0
    steady: float = 60.0  # a run this long means the last crash is forgotten
    limit: int = 5  # crashes in a row before giving up
    crashes: int = 0

    def crashed(self, ran_for: float) -> float | None:
        """Seconds to wait before restarting a child that ran ``ran_for`` seconds, or None to give up."""
        if ran_for >= self.steady:
            self.crashes = 0
        self.crashes += 1
        if self.crashes > self.limit:
            return None
        return min(self.cap, self.first * 2 ** (self.crashes - 1))


class Stopping(Exception):
    """SIGINT or SIGTERM arrived."""


@dataclass
class Child:
    """A service process started by ``lotsen up``."""

    name: str
    port: int
    log: Path
    proc: subprocess.Popen | None = None
    ready_port: int | None = None  # where /readyz is served, when not on ``port`` (the gateway in production)
    module: str | None = None  # the module run with ``python -m``; ``services.<name>`` unless given
    started_at: float = 0.0
    ready: bool = False
    restart_at: float | None = None
    backoff: Backoff = field(default_factory=Backoff)

    def tail(self, lines: int = 25) -> str:
        """The last lines the child wrote."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def say(line: str) -> None:
    """A progress line on stdout, flushed at once."""
    print(line, flush=True)


def _on_signal(signum: int, frame: object) -> None:
    raise Stopping(signal.Signals(signum).name)


def _parent_death_signal() -> None:
    """Linux: the child gets SIGTERM if ``lotsen up`` itself dies without cleaning up."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def _start_child(child: Child, env: dict[str, str]) -> None:
    child.log.parent.mkdir(parents=True, exist_ok=True)
    child.started_at, child.ready, child.restart_at = time.monotonic(), False, None
    with child.log.open("ab") as out:
        child.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", child.module or f"services.{child.name}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches only us; we stop the children in order
            preexec_fn=_parent_death_signal if sys.platform.startswith("linux") else None,
        )


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_ready(children: list[Child]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    pending = list(children)
    started = time.monotonic()
    while pending:
        for child in list(pending):
            if child.proc and child.proc.poll() is not None:
                raise ChildDied(child)
            if _ready(child.ready_port or child.port):
                say(f"  ✓ {child.name} ready on 127.0.0.1:{child.port} ({time.monotonic() - started:.1f} s)")
                child.ready = True
                pending.remove(child)
        if time.monotonic() > deadline:
            raise ChildDied(pending[0], "did not become ready in time")
        time.sleep(0.1)


class ChildDied(Exception):
    """A child exited (or never became ready)."""

    def __init__(self, child: Child, why: str = "exited") -> None:
        super().__init__(child.name)
        self.child, self.why = child, why


def _supervise(child: Child, env: dict[str, str], now: float) -> None:
    """One look at a running suite's child: restart it when due, notice a crash, say when it is back."""
    if child.restart_at is not None:
        if now >= child.restart_at:
            say(f"· restarting {child.name}")
            _start_child(child, env)
        return
    code = child.proc.poll()
    if code is not None:
        delay = child.backoff.crashed(now - child.started_at)
        if delay is None:
            raise ChildDied(child, f"exited with code {code} and kept crashing")
        say(f"✗ {child.name} exited with code {code}; restarting in {delay:g} s (restart {child.backoff.crashes})")
        child.restart_at = now + delay
    elif not child.ready and _ready(child.ready_port or child.port):
        child.ready = True
        say(f"  ✓ {child.name} ready again on 127.0.0.1:{child.port}")


def _stop_children(children: list[Child]) -> None:
    running = [c for c in children if c.proc and c.proc.poll() is None]
    for child in running:
        with contextlib.suppress(ProcessLookupError):
            child.proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    for child in running:
        try:
            child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.proc.kill()
            child.proc.wait()


def _print_banner(settings: Settings, gateway_port: int, demo: bool, mail: Child | None = None) -> None:
    say("")
    say(f"Lotsen is running: http://localhost:{gateway_port}/")
    say(f"  API document   http://localhost:{gateway_port}/api/openapi.json")
    say(f"  logs           {settings.home / 'logs'}")
    if mail is not None:
        say(f"  demo mail      http://localhost:{mail.port}/  (every e-mail Lotsen sends; nothing leaves this machine)")
    if demo:
        config = JwtConfig(settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience)
        say("  demo bearer tokens (valid 12 h; use as 'Authorization: Bearer <token>'):")
        for role, (sub, name) in DEMO_PEOPLE.items():
            say(f"    {role:<11} {name:<14} {mint_token(config, sub=sub, roles=[role], name=name)}")
    say("Press Ctrl-C to stop.")


def _database(settings: Settings) -> tuple[str, LocalPostgres | None]:
    if settings.database_url:
        say("· database: using DATABASE_URL (no local cluster)")
        return settings.database_url, None
    cluster = local_cluster(settings)
    say(f"· database: starting local PostgreSQL in {cluster.root}")
    started = time.monotonic()
    admin = cluster.start()
    asyncio.run(ensure_database(admin, APP_DB))
    say(f"  ✓ database ready on 127.0.0.1:{cluster.port} ({time.monotonic() - started:.1f} s)")
    return cluster.url(APP_DB), cluster


def demo_mail(env: dict[str, str], logs: Path) -> Child | None:
    """The demo's mail sink, with both services' ``LOTSEN_SMTP_*`` pointed at it (set in ``env``).

    None when the environment names a relay of its own (``LOTSEN_SMTP_HOST``) or aiosmtpd is not installed.
    """
    if env.get("LOTSEN_SMTP_HOST"):
        say("· demo mail: using LOTSEN_SMTP_HOST (no local mail sink)")
        return None
    if importlib.util.find_spec("aiosmtpd") is None:
        say("· demo mail: aiosmtpd is not installed (pip install -e '.[dev]'); e-mail waits in the outbox")
        return None
    smtp_port = env_port(env, "LOTSEN_DEMO_SMTP_PORT", mailsink.SMTP_PORT)
    page_port = env_port(env, "LOTSEN_DEMO_MAIL_PORT", mailsink.PAGE_PORT)
    env.update(LOTSEN_SMTP_HOST="127.0.0.1", LOTSEN_SMTP_PORT=str(smtp_port), LOTSEN_SMTP_TLS="off",
               LOTSEN_DEMO_SMTP_PORT=str(smtp_port), LOTSEN_DEMO_MAIL_PORT=str(page_port))  # fmt: skip
    env.setdefault("LOTSEN_SMTP_FROM", "lotsen@kommun.example.se")
    env.setdefault("LOTSEN_SFI_ADMIN_EMAILS", "sfi-admin@kommun.example.se")
    return Child("mail sink", page_port, logs / "mailsink.log", module="services.cli.mailsink")


def run_up(*, demo: bool, port: int | None) -> int:
    """Run the suite until Ctrl-C/SIGTERM; return the exit code."""
    env = dict(os.environ)
    if port:
        env["LOTSEN_GATEWAY_PORT"] = str(port)
    mail = demo_mail(env, load_settings(env).home / "logs") if demo else None
    settings = load_settings(env)
    check_settings(settings)  # every service's own settings, before anything starts
    gateway_config = gateway_settings(settings)
    env["LOTSEN_HOME"] = str(settings.home)
    if demo:  # webhook receivers on this machine: the same allow-list a deployment uses, naming loopback
        env.setdefault("LOTSEN_OUTBOUND_ALLOW", "127.0.0.0/8,::1")
    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    children: list[Child] = []
    cluster: LocalPostgres | None = None
    logs = settings.home / "logs"
    try:
        dsn, cluster = _database(settings)
        say("· migrations")
        for schema, versions in asyncio.run(migrate_all(dsn)).items():
            say(f"  ✓ {schema}: {'applied ' + ', '.join(map(str, versions)) if versions else 'up to date'}")
        if demo:
            say(f"  ✓ demo data: {', '.join(asyncio.run(seed_demo(dsn))) or 'none'}")
        env["DATABASE_URL"] = dsn
        children = [
            *([mail] if mail else []),  # first: the services deliver to it as soon as they are up
            Child("validation", settings.validation_port, logs / "validation.log"),
            Child("sfi_schedule", settings.sfi_port, logs / "sfi_schedule.log"),
            Child("gateway", settings.gateway_port, logs / "gateway.log", ready_port=gateway_config.internal_port),
        ]
        say("· services")
        for child in children:
            _start_child(child, env)
        _wait_ready(children)
        _print_banner(settings, settings.gateway_port, demo, mail)
        while True:
            now = time.monotonic()
            for child in children:
                _supervise(child, env, now)
            time.sleep(POLL_SECONDS)
    except Stopping as exc:
        say(f"· {exc}: stopping")
        return 0
    except ChildDied as exc:
        say(f"✗ {exc.child.name} {exc.why}; stopping the rest. Its last output:")
        say(exc.child.tail())
        return 1
    except LocalPostgresError as exc:
        say(f"✗ database: {exc}")
        return 1
    finally:
        for s in previous:
            signal.signal(s, signal.SIG_IGN)
        _stop_children(children)
        if cluster is not None and cluster.started_here:
            cluster.stop()
            say("  ✓ database stopped")
        say("· stopped")
