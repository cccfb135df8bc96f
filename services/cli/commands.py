"""The small ``lotsen`` commands: serve, migrate, db, token."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from services.gateway.tokens import JwtConfig, mint_token
from services.registry import migrate_all
from shared.localpg import LocalPostgres, LocalPostgresError, ensure_database
from shared.settings import Settings, load_settings

APP_DB = "lotsen"


def local_cluster(settings: Settings) -> LocalPostgres:
    """The persistent cluster under ``LOTSEN_HOME``."""
    return LocalPostgres(settings.home / "pg")


@contextmanager
def database(settings: Settings, *, keep_running: bool = False) -> Iterator[str]:
    """Yield the application DSN: ``DATABASE_URL`` if set, else the local cluster (started if needed).

    A cluster this call started is stopped again on exit unless ``keep_running``.
    """
    if settings.database_url:
        yield settings.database_url
        return
    cluster = local_cluster(settings)
    admin = cluster.start()
    try:
        asyncio.run(ensure_database(admin, APP_DB))
        yield cluster.url(APP_DB)
    finally:
        if cluster.started_here and not keep_running:
            cluster.stop()


def serve(service: str) -> None:
    """Run one service in this process (``python -m services.<service>``)."""
    importlib.import_module(f"services.{service}.__main__").main()


def migrate() -> None:
    """Apply every pending migration."""
    settings = load_settings()
    with database(settings) as dsn:
        applied = asyncio.run(migrate_all(dsn))
    for schema, versions in applied.items():
        print(f"{schema}: {'applied ' + ', '.join(map(str, versions)) if versions else 'up to date'}")


def db(action: str) -> None:
    """Start, stop or locate the local cluster."""
    settings = load_settings()
    cluster = local_cluster(settings)
    try:
        if action == "start":
            cluster.start()
            asyncio.run(ensure_database(cluster.url(), APP_DB))
            print(cluster.url(APP_DB))
        elif action == "stop":
            cluster.stop()
            print("stopped")
        else:
            if settings.database_url:
                print(settings.database_url)
                return
            port = cluster.running_port() if cluster.initialised() else None
            if port is None:
                print("the local database is not running (lotsen db start)", file=sys.stderr)
                raise SystemExit(1)
            cluster.port = port
            print(cluster.url(APP_DB))
    except LocalPostgresError as exc:
        print(f"lotsen db {action}: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


def token(*, roles: list[str], sub: str, ttl: int) -> None:
    """Print a dev bearer token signed with the secret in ``LOTSEN_HOME``."""
    settings = load_settings()
    print(
        mint_token(
            JwtConfig(settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience), sub=sub, roles=roles, ttl=ttl
        )
    )
