"""Fixtures for SFI schedule integration tests: an app, an admin client and a small schedule to build on."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from services.sfi_schedule.app import create_app
from shared.clock import STOCKHOLM, Clock
from shared.settings import load_settings
from tests.helpers import Fresh, anonymous_header, identity_header

# The calendar the fixtures below are written in: an autumn term from 17 August to 18 December 2026, Christmas
# closures to 6 January 2027, Anna's registerkontroll shown on 1 June 2026 (valid a year). The services' injected
# clock says it is a day in that term (ticking on from there), whatever the machine's clock says, so the tests pass
# on any date (issue 15): every app these tests start takes it, as do the tests that work out days themselves.
TERM_NOW = datetime(2026, 12, 3, 12, 0, tzinfo=STOCKHOLM)


def term_clock() -> Clock:
    """A clock that starts at :data:`TERM_NOW` and runs on at the machine's pace."""
    began = time.monotonic()
    return Clock(lambda: TERM_NOW + timedelta(seconds=time.monotonic() - began))


TERM_CLOCK = term_clock()


@pytest.fixture(autouse=True)
def _term_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every sfi (and gateway) app a test here creates reads :data:`TERM_CLOCK` as its clock."""
    for module in ("services.sfi_schedule.app", "services.gateway.app"):
        monkeypatch.setattr(f"{module}.SYSTEM_CLOCK", TERM_CLOCK)
    return TERM_CLOCK


ADMIN = Fresh(lambda: identity_header("admin-1", roles=("sfi_admin",)))
ANON = Fresh(anonymous_header)
SYSTEM = Fresh(lambda: identity_header("system-1", kind="system", roles=(), scopes=("schedule:read",)))


@dataclass
class Api:
    """A test client that speaks as the administrator unless told otherwise."""

    client: Any

    async def call(self, method: str, path: str, *, status: int | None = None, headers=None, **kw) -> Any:
        resp = await self.client.request(method, path, headers={**ADMIN, **(headers or {})}, **kw)
        body = await resp.json() if resp.content_type.endswith("json") else await resp.text()
        if status is not None:
            assert resp.status == status, (resp.status, body)
        return resp, body

    async def create(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        _, body = await self.call("POST", path, json=payload, status=201)
        return body


@pytest.fixture
async def api(make_client, settings_env, db_url) -> Api:
    settings = load_settings({**settings_env, "DATABASE_URL": db_url})
    return Api(await make_client(create_app(settings)))


@dataclass
class Base:
    """Ids of a provider, a school with a room, an open preschool, and teachers."""

    provider: str
    school: str
    room: str
    small_room: str
    preschool: str
    library: str
    anna: str
    bertil: str
    expired: str


@pytest.fixture
async def base(api: Api) -> Base:
    provider = (await api.create("/v1/admin/providers", {"name": "Vuxenutbildningen"}))["id"]
    school = (await api.create("/v1/admin/venues", {
        "providerId": provider, "name": "Centrumskolan", "kind": "school", "district": "Centrum",
        "street": "Storgatan 1", "city": "Exempelstad"}))["id"]  # fmt: skip
    library_body = {"providerId": provider, "name": "Stadsbiblioteket", "kind": "library", "district": "Centrum"}
    library = (await api.create("/v1/admin/venues", library_body))["id"]
    preschool = (await api.create("/v1/admin/venues", {
        "providerId": provider, "name": "Öppna förskolan Solen", "kind": "open_preschool", "district": "Norr",
        "openingHours": [{"weekday": 2, "opens": "09:00", "closes": "15:00"}],
        "closures": [{"from": "2026-12-21", "to": "2027-01-06", "reason": "jullov"}]}))["id"]  # fmt: skip
    room = (await api.create("/v1/admin/rooms", {"venueId": school, "name": "Sal 1", "seats": 20}))["id"]
    small = (await api.create("/v1/admin/rooms", {"venueId": school, "name": "Sal 2", "seats": 8}))["id"]
    anna = (await api.create("/v1/admin/teachers", {"providerId": provider, "name": "Anna Lärare",
                                                     "registerkontrollShownOn": "2026-06-01"}))["id"]  # fmt: skip
    bertil = (await api.create("/v1/admin/teachers", {"providerId": provider, "name": "Bertil Lärare"}))["id"]
    expired = (await api.create("/v1/admin/teachers", {"providerId": provider, "name": "Cecilia Lärare",
                                                        "registerkontrollShownOn": "2024-01-10"}))["id"]  # fmt: skip
    return Base(provider, school, room, small, preschool, library, anna, bertil, expired)


def group_payload(base: Base, **overrides: Any) -> dict[str, Any]:
    """A valid daytime course-B group at the school, Mondays 09-12 every week, autumn 2026."""
    payload = {
        "name": "SFI B förmiddag",
        "course": "B",
        "path": 2,
        "variant": "standard",
        "venueId": base.school,
        "roomId": base.room,
        "teacherIds": [base.anna],
        "capacity": 18,
        "startDate": "2026-08-17",
        "endDate": "2026-12-18",
        "slots": [{"weekday": 1, "start": "09:00", "end": "12:00", "interval": "every"}],
        "supportLanguages": ["ar", "so"],
    }
    payload.update(overrides)
    return payload
