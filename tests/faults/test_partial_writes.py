"""A failure in the middle of an upload or a multi-row write leaves no partial records."""

from __future__ import annotations

import asyncio
import uuid

import aiohttp
import asyncpg
import pytest

from tests.faults.conftest import bearer
from tests.faults.payloads import EDUCATION, application
from tests.faults.stack import Stack

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def count(dsn: str, sql: str, *args) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def submit(stack: Stack, body: dict) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        url = stack.url() + "/api/validation/v1/applications"
        async with session.post(url, json=body, headers={"Idempotency-Key": uuid.uuid4().hex}) as resp:
            return resp.status, await resp.json(content_type=None)


async def test_application_whose_last_education_entry_is_invalid_stores_nothing(stack: Stack, fault_db: str):
    family = f"partial-{uuid.uuid4().hex[:8]}"
    body = application(education=20, family=family)
    body["education"][-1] = {**EDUCATION, "startYear": 1800}

    status, problem = await submit(stack, body)

    assert status == 422
    assert any(e["pointer"] == "/education/19/startYear" for e in problem["errors"]), problem
    sql = "SELECT count(*) FROM validation.applications WHERE details->'name'->>'family' = $1"
    assert await count(fault_db, sql, family) == 0


def multipart_head(boundary: str) -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndiploma\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="diploma.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()


async def cut_off_upload(stack: Stack, path: str, headers: dict[str, str], promised: int, sent: bytes) -> None:
    """Send an upload's headers promising ``promised`` bytes, send ``sent``, then drop the connection."""
    _reader, writer = await asyncio.open_connection("127.0.0.1", stack.ports["gateway"])
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {promised}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + sent)
    await writer.drain()
    # Not timing-dependent: these pauses only decide how far the upload got (relayed to the service or not)
    # when it is cut off. Either way nothing may be stored and the next upload must work, which the test
    # checks; a slow machine can make the cut come earlier in the stream, never make the test fail.
    await asyncio.sleep(0.3)  # usually the gateway is streaming it to the service by then
    writer.transport.abort()  # a reset, as when a phone loses its connection
    await asyncio.sleep(0.5)  # usually the service has given up on it by then


async def test_upload_cut_off_mid_stream_stores_no_document_and_the_next_upload_works(stack: Stack, fault_db: str):
    status, case = await submit(stack, application())
    assert status == 201
    app_id = case["id"]
    path = f"/api/validation/v1/applications/{app_id}/documents"
    boundary = "cutoff" + uuid.uuid4().hex
    auth = {**bearer(roles=("caseworker",)), "Content-Type": f"multipart/form-data; boundary={boundary}"}
    head = multipart_head(boundary)

    await cut_off_upload(stack, path, auth, promised=len(head) + 2_000_000, sent=head + PDF + b"\0" * 300_000)

    sql = "SELECT count(*) FROM validation.documents WHERE application_id = $1"
    assert await count(fault_db, sql, uuid.UUID(app_id)) == 0
    assert await count(fault_db, "SELECT count(*) FROM validation.document_contents c "
                       "LEFT JOIN validation.documents d ON d.id = c.document_id WHERE d.id IS NULL") == 0  # fmt: skip
    form = aiohttp.FormData()
    form.add_field("kind", "diploma")
    form.add_field("file", PDF, filename="diploma.pdf", content_type="application/pdf")
    async with (
        aiohttp.ClientSession() as session,
        session.post(stack.url() + path, data=form, headers=bearer(roles=("caseworker",))) as resp,
    ):
        assert resp.status == 201, await resp.text()
    assert await count(fault_db, sql, uuid.UUID(app_id)) == 1
