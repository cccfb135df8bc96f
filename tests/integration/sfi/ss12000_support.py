"""What the SS 12000 tests share: the official 2.1.0 document, its validators, demo data with learners, paging."""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from services.sfi_schedule.app import create_app
from services.sfi_schedule.demo import seed_demo
from shared.db import create_pool
from shared.settings import load_settings
from tests.conftest import clone_database
from tests.helpers import INTERNAL_SECRET, JWT_SECRET, identity_header
from tests.integration.sfi.conftest import ANON, SYSTEM, Api, Fresh

REPO = Path(__file__).resolve().parents[3]
STANDARD = Path("shared", "standards", "ss12000", "openapi_ss12000_version2_1_0.yaml")
API = "/v1/ss12000"

LEARNERS = Fresh(lambda: identity_header("lms-1", kind="system", roles=(), scopes=("schedule:read", "ss12000:persons")))
CIVIC = Fresh(lambda: identity_header("registry-1", kind="system", roles=(),
                                      scopes=("ss12000:persons", "ss12000:civicNo")))  # fmt: skip
CALLERS = {"anonymous": ANON, "schedule": SYSTEM, "learners": LEARNERS, "civic": CIVIC}

# Learners added to the demo: one with a protected identity (who must never appear), one with a number.
PROTECTED = {"id": "0b7d6a52-3c1e-4f7a-9d2b-6e8f0a1b2c3d", "name": "Skyddad Person", "number": "191111111116"}
NUMBERED = {"id": "1c8e7b63-4d2f-4a8b-8e3c-7f9a1b2c3d4e", "name": "Tolvan Tolvansson", "number": "191212121212"}


def _roots() -> list[Path]:
    """The repository root and, in a git worktree, the main checkout's root (the standard lies beside it)."""
    roots = [REPO]
    try:
        common = subprocess.run(["git", "rev-parse", "--git-common-dir"], cwd=REPO, capture_output=True, text=True,
                                check=True).stdout.strip()  # fmt: skip
        roots.append((REPO / common).resolve().parent)
    except (OSError, subprocess.CalledProcessError):
        pass
    return roots


@functools.cache
def _document() -> dict[str, Any] | None:
    for root in _roots():
        path = root.parent / STANDARD
        if path.is_file():
            return yaml.safe_load(path.read_text(encoding="utf-8"))
    return None


def standard() -> dict[str, Any]:
    """The official SS 12000 2.1.0 OpenAPI document, read where it lies (never copied into the project)."""
    doc = _document()
    if doc is None:
        message = (f"The official SS 12000 2.1.0 document is missing: expected ../{STANDARD.as_posix()} beside the "
                   "repository (e.g. /work/shared/standards/ss12000/ for /work/main)")  # fmt: skip
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return doc


@functools.cache
def _validator(name: str) -> OAS30Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": standard()["components"]}
    return OAS30Validator(schema, format_checker=oas30_format_checker)


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its ``$ref`` followed and its ``allOf`` parts' properties merged."""
    while "$ref" in schema:
        schema = standard()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {"properties": dict(schema.get("properties", {}))}
    for part in schema["allOf"]:
        part = _resolved(part)
        merged["properties"].update(part.get("properties", {}))
        merged.update({k: v for k, v in part.items() if k not in ("properties", "allOf")})
    return merged


def extra_keys(schema: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """Members of ``value`` the standard's schema does not name (it allows them, a strict client may not)."""
    schema = _resolved(schema)
    if isinstance(value, list):
        return [k for i, v in enumerate(value) for k in extra_keys(schema.get("items", {}), v, f"{path}/{i}")]
    if not isinstance(value, dict) or "properties" not in schema:
        return []
    props = schema["properties"]
    return [f"{path}/{k}" for k in value if k not in props] + [
        found for k, v in value.items() if k in props for found in extra_keys(props[k], v, f"{path}/{k}")
    ]


def assert_valid(name: str, body: Any) -> None:
    """``body`` validates against the standard's schema ``name``, formats (uuid, date, date-time) included,
    and has no member the schema does not name."""
    errors = sorted(_validator(name).iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    extra = extra_keys({"$ref": f"#/components/schemas/{name}"}, body)
    assert not extra, f"not in the {name} schema: {extra[:10]}"


async def all_pages(api: Api, path: str, *, headers=ANON, limit: int = 20, **params: Any) -> list[dict[str, Any]]:
    """Every page of a list (following ``pageToken`` alone, as the standard says), each checked by the caller."""
    pages, query = [], {**params, "limit": str(limit)}
    while True:
        resp, body = await api.call("GET", f"{API}/{path}", params=query, headers=headers, status=200)
        pages.append(body)
        if not body.get("pageToken"):
            return pages
        assert resp.headers["Link"].endswith('rel="next"')
        query = {"pageToken": body["pageToken"], "limit": str(limit)}


def items(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items of all pages, in order."""
    return [item for page in pages for item in page["data"]]


async def seed(url: str) -> None:
    """The demo schedule plus two learners enrolled in a demo group: one protected, one with a civic number."""
    pool = await create_pool(url, schema="sfi", app_name="test-ss12000", min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await seed_demo(conn)
            group = await conn.fetchval("SELECT group_id FROM sfi.published_groups ORDER BY name LIMIT 1")
            for who in (PROTECTED, NUMBERED):
                await enrol(conn, who, group, protected=who is PROTECTED)
    finally:
        await pool.close()


async def enrol(conn: asyncpg.Connection, who: dict[str, str], group: uuid.UUID, *, protected: bool) -> None:
    """A learner with a personal number enrolled (seat taken) in ``group``."""
    await conn.execute(
        "INSERT INTO sfi.learners (id, subject, display_name, personal_number, protected_identity, path) "
        "VALUES ($1, $2, $3, $4, $5, 2)", uuid.UUID(who["id"]), f"subject-{who['id']}", who["name"], who["number"],
        protected,
    )  # fmt: skip
    course = await conn.fetchval("SELECT course_code FROM sfi.groups WHERE id = $1", group)
    await conn.execute(
        "INSERT INTO sfi.enrolments (id, learner_id, group_id, course_code, status, queue_seq, queued_at, requested_by,"
        " enrolled_at) VALUES ($1, $2, $3, $4, 'enrolled', nextval('sfi.enrolment_queue_seq'), now(), 'test', now())",
        uuid.uuid4(), uuid.UUID(who["id"]), group, course,
    )  # fmt: skip


def env(url: str, home: Path) -> dict[str, str]:
    """The service's environment for a test database."""
    return {"DATABASE_URL": url, "LOTSEN_HOME": str(home), "LOTSEN_INTERNAL_SECRET": INTERNAL_SECRET,
            "LOTSEN_JWT_SECRET": JWT_SECRET, "LOTSEN_ACCESS_LOG": "false", "LOTSEN_SCHEDULER": "false",
            "LOTSEN_DB_POOL_MIN": "1", "LOTSEN_DB_POOL_MAX": "5", "LOTSEN_SFI_MUNICIPALITY_CODE": "0180",
            "LOTSEN_SFI_MUNICIPALITY_ORGNO": "212000-0142"}  # fmt: skip


@contextlib.asynccontextmanager
async def demo_service(pg_admin_url: str, template_db: str, home: Path) -> AsyncIterator[Api]:
    """One seeded database and app, for a module's read-only tests (seeding the demo takes a while)."""
    name = f"lotsen_ss_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(pg_admin_url)
    try:
        await clone_database(admin, template_db, name)
        url = f"{pg_admin_url.rpartition('/')[0]}/{name}"
        await seed(url)
        client = TestClient(TestServer(create_app(load_settings(env(url, home)))))
        await client.start_server()
        try:
            yield Api(client)
        finally:
            await client.close()
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
