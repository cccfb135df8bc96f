"""The asyncpg pool, opened and closed in the app's cleanup context."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import asyncpg
from aiohttp import web

DB_POOL = web.AppKey("db_pool", asyncpg.Pool)
# What a first connection raises when the server is down, unknown, refuses us or does not answer in time.
_CONNECT_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class DatabaseUnreachable(Exception):
    """No connection to the database at start; the message is one line with host:port and never the password."""


def database_address(dsn: str) -> str:
    """``host:port`` of a DSN (the password and the rest left out)."""
    try:
        parts = urlsplit(dsn)
        host = parts.hostname or "localhost"
        return f"{f'[{host}]' if ':' in host else host}:{parts.port or 5432}"
    except ValueError:  # a port that is not a number: asyncpg says so itself
        return "the address in DATABASE_URL"


def _unreachable(dsn: str, exc: BaseException) -> DatabaseUnreachable:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return DatabaseUnreachable(f"the database at {database_address(dsn)} is unreachable: {reason}")


async def connect(dsn: str) -> asyncpg.Connection:
    """One connection (migrations, demo seeds); :class:`DatabaseUnreachable` when none can be made."""
    try:
        return await asyncpg.connect(dsn)
    except _CONNECT_ERRORS as exc:
        raise _unreachable(dsn, exc) from None


async def init_connection(conn: asyncpg.Connection) -> None:
    """Decode json/jsonb to Python values on every connection."""
    for typename in ("json", "jsonb"):
        await conn.set_type_codec(
            typename, encoder=lambda v: json.dumps(v, default=str), decoder=json.loads, schema="pg_catalog"
        )


async def keep_session(conn: asyncpg.Connection) -> None:
    """The pool's reset on release: nothing beyond what asyncpg always does (roll back an open transaction,
    drop listeners added on the connection).

    asyncpg by default sends four statements on every release (unlock all advisory locks, close all cursors,
    unlisten all, reset all settings): a round trip and four statements per request (issue 15 measured it on
    every enrolment). Pool connections never change session state: settings are ``SET LOCAL`` or
    ``SET TRANSACTION``, advisory locks are transaction-scoped, cursors live inside transactions and LISTEN
    has its own connection (tests/unit/shared/test_pool_session_state.py fails on a session-level statement
    in the services' code).
    """


async def create_pool(dsn: str, *, schema: str, app_name: str, min_size: int = 2, max_size: int = 10) -> asyncpg.Pool:
    """Open a pool whose connections see the service's own schema first; :class:`DatabaseUnreachable` if none can."""
    try:
        return await asyncpg.create_pool(
            dsn,
            min_size=min_size,
            max_size=max_size,
            init=init_connection,
            reset=keep_session,
            command_timeout=30,
            max_inactive_connection_lifetime=300,
            server_settings={"search_path": f"{schema},public", "application_name": app_name, "timezone": "UTC"},
        )
    except _CONNECT_ERRORS as exc:
        raise _unreachable(dsn, exc) from None


def pool_ctx(dsn: Callable[[], str], *, schema: str, app_name: str, min_size: int, max_size: int):
    """A cleanup context that owns the app's pool."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        pool = await create_pool(dsn(), schema=schema, app_name=app_name, min_size=min_size, max_size=max_size)
        app[DB_POOL] = pool
        try:
            yield
        finally:
            await pool.close()

    return ctx


@asynccontextmanager
async def transaction(pool: asyncpg.Pool, *, isolation: str = "read_committed") -> AsyncIterator[asyncpg.Connection]:
    """Acquire a connection and open a transaction on it (the service layer's unit of work)."""
    async with pool.acquire() as conn, conn.transaction(isolation=isolation):
        yield conn
