"""Fixtures for enrolment tests: an app on the real database and published groups made through the admin API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from services.sfi_schedule.app import create_app
from shared.clock import SYSTEM_CLOCK
from shared.settings import load_settings
from tests.helpers import identity_header

TODAY = SYSTEM_CLOCK.today()  # the service's Swedish date, not the machine's (UTC) one
START = TODAY - timedelta(days=7)
END = TODAY + timedelta(days=150)


def admin() -> dict[str, str]:
    """The identity header of an SFI administrator (signed now: assertions expire after 30 s)."""
    return identity_header("admin-1", roles=("sfi_admin",))


def resident(sub: str) -> dict[str, str]:
    """The identity header of a resident."""
    return identity_header(sub, roles=("resident",))


@dataclass
class Api:
    """A test client; speaks as the SFI administrator unless given other headers."""

    client: Any

    async def call(self, method: str, path: str, *, status: int | None = None, headers=None, **kw) -> Any:
        resp = await self.client.request(method, path, headers=headers or admin(), **kw)
        body = await resp.json() if resp.content_type.endswith("json") else await resp.text()
        if status is not None:
            assert resp.status == status, (method, path, resp.status, body)
        return resp, body

    async def create(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        _, body = await self.call("POST", path, json=payload, status=201)
        return body

    async def pages(self, path: str, *, limit: int, headers=None) -> list[list[dict[str, Any]]]:
        """Every page of a list, following ``pageToken`` (each page at most ``limit`` items)."""
        pages, token = [], None
        while True:
            params = {"limit": str(limit), **({"pageToken": token} if token else {})}
            resp, body = await self.call("GET", path, params=params, headers=headers, status=200)
            assert len(body["data"]) <= limit
            assert ("Link" in resp.headers) == (body["pageToken"] is not None)
            pages.append(body["data"])
            token = body["pageToken"]
            if token is None:
                return pages


def app_settings(settings_env: dict[str, str], db_url: str, **extra: str):
    """Settings for this test's database, with a pool big enough for the concurrency tests."""
    return load_settings({**settings_env, "DATABASE_URL": db_url, "LOTSEN_DB_POOL_MAX": "40", **extra})


@pytest.fixture
async def api(make_client, settings_env, db_url) -> Api:
    return Api(await make_client(create_app(app_settings(settings_env, db_url))))


@dataclass
class Schedule:
    """Published groups by a short name, and the venues/teachers behind them."""

    provider: str
    school: str
    preschool: str
    teacher_ids: list[str] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)


async def make_base(api: Api) -> Schedule:
    """A provider, a school in Centrum (with coordinates) and an open preschool in Norr."""
    provider = (await api.create("/v1/admin/providers", {"name": "Vuxenutbildningen"}))["id"]
    school = (await api.create("/v1/admin/venues", {
        "providerId": provider, "name": "Centrumskolan", "kind": "school", "district": "Centrum",
        "latitude": 59.3293, "longitude": 18.0686}))["id"]  # fmt: skip
    preschool = (await api.create("/v1/admin/venues", {
        "providerId": provider, "name": "Öppna förskolan Solen", "kind": "open_preschool", "district": "Norr",
        "latitude": 59.3450, "longitude": 18.0500}))["id"]  # fmt: skip
    return Schedule(provider, school, preschool)


async def add_group(api: Api, s: Schedule, key: str, **overrides: Any) -> None:
    """A draft group with its own teacher (no double-booking between test groups)."""
    shown = (TODAY - timedelta(days=30)).isoformat()
    teacher = await api.create(
        "/v1/admin/teachers", {"providerId": s.provider, "name": f"Lärare {key}", "registerkontrollShownOn": shown}
    )
    payload = {
        "name": key, "course": "C", "path": 1, "variant": "standard", "venueId": s.school,
        "teacherIds": [teacher["id"]], "capacity": 20, "startDate": START.isoformat(), "endDate": END.isoformat(),
        "slots": [{"weekday": 1, "start": "09:00", "end": "12:00", "interval": "every"}],
    }  # fmt: skip
    payload.update(overrides)
    if "variant" not in overrides and any(slot["start"] >= "17:00" for slot in payload["slots"]):
        payload["variant"] = "evening"  # sessions after the daytime window are an evening group's
    if payload["variant"] == "parental_leave_open_preschool":
        payload.setdefault("childPresent", True)  # the child comes along (a rule of these groups)
    s.groups[key] = (await api.create("/v1/admin/groups", payload))["id"]


async def two_groups_of_course_a(api: Api, **overrides: Any) -> Schedule:
    """Two published groups of course A on different days: "A1" (``overrides``) and "A2"."""
    s = await make_base(api)
    await add_group(api, s, "A1", course="A", **overrides)
    await add_group(api, s, "A2", course="A", slots=[{"weekday": 2, "start": "09:00", "end": "12:00"}])
    await publish(api)
    return s


async def publish(api: Api) -> None:
    """Publish the draft now."""
    await api.call("POST", "/v1/publications", json={"note": "test", "publishNow": True}, status=201)


def profile(path: int = 1, **overrides: Any) -> dict[str, Any]:
    """A learner profile body: an adult resident in the municipality (eligible for SFI) unless overridden."""
    body = {"path": path, "displayName": "Learner", "rightAroseOn": (TODAY - timedelta(days=30)).isoformat(),
            "birthDate": "1990-01-01", "residence": "resident"}  # fmt: skip
    body.update(overrides)
    return body


async def make_learner(api: Api, sub: str, **overrides: Any) -> dict[str, Any]:
    """Create a resident's profile; return it."""
    _, body = await api.call("PUT", "/v1/learners/me", json=profile(**overrides), headers=resident(sub), status=201)
    return body
