"""The gateway: the one way in — authentication, authorisation, limits, routing, aggregation, docs, web UI."""

from pathlib import Path

from shared.app import ServiceInfo

INFO = ServiceInfo(
    name="gateway",
    schema="gateway",
    title="Lotsen gateway API",
    description="The municipality's one way in to validation and SFI schedules.",
)
MIGRATIONS = Path(__file__).parent / "migrations"
