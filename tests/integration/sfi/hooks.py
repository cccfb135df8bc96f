"""An sfi app wired for webhook tests: a FakeClock, a resolver seam, loopback allow-listed as in dev."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

from services.sfi_schedule.app import create_app
from shared.outbox.wiring import OUTBOUND_LOOKUP, OUTBOX_CLOCK, run
from shared.settings import load_settings
from tests.helpers import identity_header
from tests.integration.sfi.conftest import Api, Fresh
from tests.outbox_support import FakeClock

SYSTEM = Fresh(lambda: identity_header("crm", kind="system", roles=(), scopes=("webhooks:manage",)))
SUBSCRIPTIONS = "/v1/webhooks/subscriptions"


@dataclass
class Names:
    """The resolver seam: answers from a table (and records each look-up); other names do not exist."""

    table: dict[str, list[str]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.table[host]


@dataclass
class Hooks:
    """The app under test, its clock and resolver, and how to run its delivery job."""

    api: Api
    clock: FakeClock
    names: Names

    @property
    def app(self) -> Any:
        return self.api.client.server.app

    async def deliver(self) -> dict[str, int]:
        """One run of the outbox job."""
        return await run(self.app)

    async def subscribe(self, url: str, *, status: int = 201, **extra: Any) -> dict[str, Any]:
        """Create a subscription to groups as the system consumer."""
        body = {"targetUrl": url, "resourceTypes": ["group"], **extra}
        _, sub = await self.api.call("POST", SUBSCRIPTIONS, headers=SYSTEM, json=body, status=status)
        return sub

    async def log(self, sub_id: str) -> list[dict[str, Any]]:
        """The subscription's delivery log, oldest first."""
        _, body = await self.api.call("GET", f"{SUBSCRIPTIONS}/{sub_id}/deliveries", headers=SYSTEM, status=200)
        return list(reversed(body["data"]))


async def hooks_app(make_client, settings_env, db_url, **env: str) -> Hooks:
    """Start the app with ``env`` (loopback allow-listed unless told otherwise)."""
    settings = load_settings({**settings_env, "DATABASE_URL": db_url, "LOTSEN_OUTBOUND_ALLOW": "127.0.0.1", **env})
    app = create_app(settings)
    clock, names = FakeClock(), Names()
    app[OUTBOX_CLOCK] = clock
    app[OUTBOUND_LOOKUP] = names
    return Hooks(Api(await make_client(app)), clock, names)
