"""Malformed uploads through the gateway: 4xx problem+json from the API, an HTML error page from the web page."""

from __future__ import annotations

import json
import uuid

import aiohttp
import pytest

from tests.faults.multipart import BODIES, Body
from tests.faults.payloads import application
from tests.faults.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
async def case(stack: Stack) -> dict:
    """An anonymous application to upload to (its id and tracking code)."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            stack.url() + "/api/validation/v1/applications",
            json=application(),
            headers={"Idempotency-Key": uuid.uuid4().hex},
        ) as resp,
    ):
        assert resp.status == 201, await resp.text()
        return await resp.json()


async def _post(stack: Stack, path: str, body: Body, headers: dict[str, str]) -> tuple[int, str, str]:
    async with (
        aiohttp.ClientSession(skip_auto_headers=("Content-Type",)) as session,
        session.post(stack.url() + path, data=body.raw, headers={"Content-Type": body.content_type, **headers}) as resp,
    ):
        return resp.status, resp.content_type, await resp.text(errors="replace")


@pytest.mark.parametrize("body", BODIES, ids=lambda b: b.name)
async def test_a_malformed_upload_to_the_api_is_a_4xx_problem(stack: Stack, case: dict, body: Body):
    status, media, text = await _post(
        stack,
        f"/api/validation/v1/applications/{case['id']}/documents",
        body,
        {"X-Tracking-Code": case["trackingCode"]},
    )
    if body.accepted:  # the malformed part was only the file name: stored under a name of its real type
        assert status == 201 and json.loads(text)["filename"] == "document.pdf", text
        return
    assert 400 <= status < 500, f"{status} {text[:300]}\n{stack.tracebacks('validation')}"
    assert media == "application/problem+json"
    assert json.loads(text)["status"] == status


@pytest.mark.parametrize("body", BODIES, ids=lambda b: b.name)
async def test_a_malformed_upload_to_the_web_page_is_an_html_error_page(stack: Stack, case: dict, body: Body):
    status, media, text = await _post(stack, f"/cases/{case['id']}/documents", body, {"Accept": "text/html"})
    assert 400 <= status < 500, f"{status} {text[:300]}\n{stack.tracebacks('gateway')}"
    assert media == "text/html"
