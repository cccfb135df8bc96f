"""Run one service process: settings from the environment, JSON logs, graceful shutdown."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable

from aiohttp import web

from shared.logs import setup_logging
from shared.settings import Settings, SettingsError, env_choice, load_settings

SHUTDOWN_GRACE = 6.0  # seconds for in-flight requests; `lotsen up` must stop everything within 10 s


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


def prepare(name: str) -> tuple[Settings, asyncio.AbstractEventLoop]:
    """Settings (exit with one line on a bad value), JSON logs, and the event loop to serve on."""
    try:
        settings = load_settings()
        loop_kind = env_choice(os.environ, "LOTSEN_EVENT_LOOP", "uvloop", ("uvloop", "asyncio"))
    except SettingsError as exc:
        print(f"lotsen {name}: bad setting: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    setup_logging(name, settings.log_level)
    # The access log writes to stdout; in a container that is a pipe, block-buffered by default, so
    # lines would arrive late or be lost in a crash. One write per line is cheap enough.
    sys.stdout.reconfigure(line_buffering=True)
    return settings, new_event_loop(loop_kind)


def serve(
    name: str,
    create_app: Callable[[Settings], web.Application],
    address: Callable[[Settings], tuple[str, int]],
) -> None:
    """Build settings (exit with one line on a bad value), then serve until SIGTERM/SIGINT."""
    settings, loop = prepare(name)
    host, port = address(settings)
    web.run_app(
        create_app(settings),
        loop=loop,
        host=host,
        port=port,
        access_log=None,
        print=None,
        shutdown_timeout=SHUTDOWN_GRACE,
        handle_signals=True,
    )
