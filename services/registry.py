"""The composition root's list of services, their schemas and migrations (only the CLI and tests use it)."""

from __future__ import annotations

import importlib
from pathlib import Path

from shared.db import connect, init_connection
from shared.migrations import migrate
from shared.settings import Settings

SERVICES_DIR = Path(__file__).parent

# (service package, database schema), in migration order.
SCHEMAS: tuple[tuple[str, str], ...] = (
    ("gateway", "gateway"),
    ("validation", "validation"),
    ("sfi_schedule", "sfi"),
)
# Demo modules of each service, in order: its own demo, then the follow-up history on top of it (issue 23).
DEMO_MODULES = ("demo", "followup.demo")


def check_settings(settings: Settings) -> None:
    """Parse every service's own settings the way its process will (by building its app, which starts nothing).

    ``lotsen up`` calls this first, so a bad ``LOTSEN_<SERVICE>_*`` value stops it with one line before any
    database or child process is started (raises :class:`shared.settings.SettingsError`).
    """
    for package, _ in SCHEMAS:
        importlib.import_module(f"services.{package}.app").create_app(settings)


async def migrate_all(dsn: str) -> dict[str, list[int]]:
    """Apply every service's pending migrations; return what was applied per schema."""
    conn = await connect(dsn)
    try:
        return {
            schema: await migrate(conn, schema=schema, folder=SERVICES_DIR / package / "migrations")
            for package, schema in SCHEMAS
        }
    finally:
        await conn.close()


async def seed_demo(dsn: str) -> list[str]:
    """Run each service's idempotent ``seed_demo(conn)`` (if it has one) in its own transaction."""
    import importlib.util

    seeded = []
    conn = await connect(dsn)
    await init_connection(conn)  # demo seeds decode json/jsonb like the services' pools
    try:
        for package, schema in SCHEMAS:
            for module_name in DEMO_MODULES:
                name = f"services.{package}.{module_name}"
                try:
                    if importlib.util.find_spec(name) is None:
                        continue
                except ModuleNotFoundError:  # the service has no such package at all
                    continue
                module = importlib.import_module(name)
                await conn.execute(f"SET search_path = {schema}, public")
                async with conn.transaction():
                    await module.seed_demo(conn)
                seeded.append(f"{package}.{module_name}".removesuffix(".demo"))
    finally:
        await conn.close()
    return seeded
