"""Run one service process: settings from the environment, JSON logs, graceful shutdown."""

from __future__ import annotations

import asyncio
import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

from aiohttp import web

from shared.db import DatabaseUnreachable
from shared.logs import setup_logging
from shared.settings import Settings, SettingsError, env_choice, load_settings

SHUTDOWN_GRACE = 6.0  # seconds for in-flight requests; `lotsen up` must stop everything within 10 s
# Why a process may refuse to start; each is reported as one line, never as a traceback.
STARTUP_ERRORS = (SettingsError, DatabaseUnreachable)
_LISTEN_ERRNOS = frozenset({errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES})


def refuse_to_start(prog: str, exc: Exception) -> NoReturn:
    """Stop the process with one line on stderr: exit 2 for a bad setting, 1 when the database is unreachable."""
    bad_setting = isinstance(exc, SettingsError)
    print(f"{prog}: bad setting: {exc}" if bad_setting else f"{prog}: {exc}", file=sys.stderr, flush=True)
    raise SystemExit(2 if bad_setting else 1)


def new_event_loop(kind: str) -> asyncio.AbstractEventLoop:
    """uvloop's event loop (less CPU per request; see docs/benchmarks.md) when asked and installed, else asyncio's."""
    if kind == "uvloop":
        try:
            import uvloop
        except ImportError:  # a platform without a uvloop wheel
            pass
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def prepare(
    name: str, create_app: Callable[[Settings], web.Application]
) -> tuple[Settings, web.Application, asyncio.AbstractEventLoop]:
    """Settings and the app (exit with one line on a bad setting, the service's own included), JSON logs, a loop."""
    try:
        settings = load_settings()
        loop_kind = env_choice(os.environ, "LOTSEN_EVENT_LOOP", "uvloop", ("uvloop", "asyncio"))
        app = create_app(settings)  # parses the service's own settings
    except SettingsError as exc:
        refuse_to_start(f"lotsen {name}", exc)
    setup_logging(name, settings.log_level)
    # The access log writes to stdout; in a container that is a pipe, block-buffered by default, so
    # lines would arrive late or be lost in a crash. One write per line is cheap enough.
    sys.stdout.reconfigure(line_buffering=True)
    return settings, app, new_event_loop(loop_kind)


@contextmanager
def startup_errors_as_one_line(name: str, host: str, port: int) -> Iterator[None]:
    """A database unreachable at start or a port that cannot be listened on: one line and exit, no traceback."""
    prog = f"lotsen {name}"
    try:
        yield
    except STARTUP_ERRORS as exc:
        refuse_to_start(prog, exc)
    except OSError as exc:
        if exc.errno not in _LISTEN_ERRNOS:
            raise
        refuse_to_start(prog, OSError(f"cannot listen on {host}:{port}: {exc.strerror}"))


def serve(
    name: str,
    create_app: Callable[[Settings], web.Application],
    address: Callable[[Settings], tuple[str, int]],
) -> None:
    """Build settings and the app, then serve until SIGTERM/SIGINT.

    A bad setting (shared or the service's own), a database that cannot be reached at start and a port that
    cannot be listened on each end the process with one line on stderr and a non-zero status.
    """
    settings, app, loop = prepare(name, create_app)
    host, port = address(settings)
    with startup_errors_as_one_line(name, host, port):
        web.run_app(
            app,
            loop=loop,
            host=host,
            port=port,
            access_log=None,
            print=None,
            shutdown_timeout=SHUTDOWN_GRACE,
            handle_signals=True,
        )
