"""Every write endpoint of the merged API answers malformed input with 4xx problem details, never 5xx."""

from __future__ import annotations

import asyncio
import io
import json
import uuid

import aiohttp
import pytest

from tests.faults.conftest import bearer
from tests.faults.corpus import CASES, Case, Operation, write_operations
from tests.faults.stack import Stack
from tests.waiting import HANG

pytestmark = pytest.mark.e2e
PROBLEM = "application/problem+json"


def fill_path(path: str) -> str:
    """Path parameters as fresh random UUIDs (unknown ids must not excuse a 5xx either)."""
    out = path
    while "{" in out:
        start, end = out.index("{"), out.index("}")
        out = out[:start] + str(uuid.uuid4()) + out[end + 1 :]
    return out


async def send(session: aiohttp.ClientSession, stack: Stack, op: Operation, ctype: str | None, body: bytes):
    """One request; return a failure description or ``None`` when the answer is a proper 4xx problem."""
    headers = {**bearer(), "Idempotency-Key": uuid.uuid4().hex, "If-Match": '"1"'}
    if ctype is not None:
        headers["Content-Type"] = ctype
    url = stack.url() + fill_path(op.path)
    try:
        data = io.BytesIO(body) if len(body) > 512 * 1024 else body  # aiohttp warns on big raw bytes
        async with session.request(op.method.upper(), url, data=data, headers=headers) as resp:
            text = await resp.text(errors="replace")
            status, media = resp.status, resp.content_type
    except (aiohttp.ClientError, TimeoutError) as exc:
        return f"{op.label}: no answer ({type(exc).__name__}: {exc})"
    if not 400 <= status < 500:
        return f"{op.label}: {status} {text[:300]}"
    if media != PROBLEM:
        return f"{op.label}: {status} with {media}, not problem+json"
    try:
        problem = json.loads(text)
    except ValueError:
        return f"{op.label}: {status} body is not JSON: {text[:200]}"
    if problem.get("status") != status or not problem.get("title"):
        return f"{op.label}: {status} problem body lacks status/title: {text[:200]}"
    return None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
async def test_every_write_endpoint_refuses_bad_input_with_a_4xx_problem(stack: Stack, merged_doc: dict, case: Case):
    ops = write_operations(merged_doc)
    assert len(ops) >= 10, "the merged document lists too few write operations"
    timeout = aiohttp.ClientTimeout(total=HANG)
    async with aiohttp.ClientSession(timeout=timeout, skip_auto_headers=("Content-Type",)) as session:
        failures = await asyncio.gather(*(send(session, stack, op, *case.build(merged_doc, op)) for op in ops))
    bad = [f"[{case.name}] {f}" for f in failures if f]
    assert not bad, (
        "\n".join(bad)
        + "\n--- service tracebacks ---\n"
        + "\n".join(f"{n}: {stack.tracebacks(n)}" for n in ("gateway", "validation", "sfi") if stack.tracebacks(n))
    )
