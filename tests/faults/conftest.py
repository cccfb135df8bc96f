"""Fixtures for fault and bad-input tests: the suite as separate processes on a fresh database."""

from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from services.gateway.tokens import JwtConfig, mint_token
from tests.e2e.conftest import make_home
from tests.faults.stack import Stack
from tests.helpers import JWT_SECRET
from tests.waiting import HANG

ALL_ROLES = ("resident", "caseworker", "sfi_admin", "teacher", "auditor", "admin")
# The corpus sends thousands of requests from one person: lift the per-second limits for these tests.
UNLIMITED = {"LOTSEN_RATE_ANONYMOUS": "1000000", "LOTSEN_RATE_PERSON": "1000000", "LOTSEN_ACCESS_LOG": "false"}


def bearer(sub: str = "fault-tester", roles: tuple[str, ...] = ALL_ROLES) -> dict[str, str]:
    """An Authorization header for a person holding ``roles`` (every role by default)."""
    token = mint_token(JwtConfig(JWT_SECRET.encode(), "lotsen-dev", "lotsen"), sub=sub, roles=list(roles))
    return {"Authorization": f"Bearer {token}"}


async def fresh_database(pg_admin_url: str, template_db: str) -> str:
    """A new migrated database cloned from the session template."""
    name = f"lotsen_fault_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(pg_admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    finally:
        await admin.close()
    base, _, _ = pg_admin_url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
async def fault_db(pg_admin_url: str, template_db: str) -> AsyncIterator[str]:
    """The database of the shared fault-test suite."""
    yield await fresh_database(pg_admin_url, template_db)


@pytest.fixture(scope="session")
def stack(fault_db: str) -> Iterator[Stack]:
    """validation, sfi and gateway as processes (shared by the bad-input tests; not killed by them)."""
    running = Stack(make_home(), fault_db, UNLIMITED)
    try:
        running.start_all()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def merged_doc(stack: Stack) -> dict:
    """The merged OpenAPI document the gateway serves."""
    with urllib.request.urlopen(stack.url() + "/api/openapi.json", timeout=HANG) as resp:  # noqa: S310 - http URL we built
        return json.load(resp)
