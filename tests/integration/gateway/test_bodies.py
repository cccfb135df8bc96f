"""A request body that stops arriving is cut off with 408 at the gateway (issue 17, finding 8).

The idle limit is set short (0.2 s) for the test; what is asserted is the answer and that the service never
saw the request, not how long anything took.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.gateway.conftest import bearer, ok_json

IDLE = {"LOTSEN_BODY_IDLE_SECONDS": "0.2"}


async def _trickle_then_stall(client, head: str) -> bytes:
    """Send the head and the first byte of a 100-byte body, then nothing more; the gateway's whole answer."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(head.encode() + b"Content-Length: 100\r\n\r\n{")
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), timeout=30)  # read() ends when the gateway closes
    writer.close()
    return answer


JSON = "Content-Type: application/json\r\n"


def admin() -> str:
    """An admin's Authorization line, minted when the test runs (one minted at import could expire first)."""
    return f"Authorization: {bearer('admin-1', 'admin')['Authorization']}\r\n"


CASES = [
    ("/api/validation/v1/applications", JSON),  # proxied JSON, read whole before forwarding
    ("/api/validation/v1/applications/a1/documents", "X-Tracking-Code: T\r\nContent-Type: multipart/form-data\r\n"),
    ("/api/gateway/v1/keys", lambda: admin() + JSON),  # the gateway's own API
    ("/signin/demo", "Content-Type: application/x-www-form-urlencoded\r\n"),  # a page's form
]


@pytest.mark.parametrize(("path", "headers"), CASES)
async def test_a_stalled_body_is_answered_408_and_the_connection_closed(gateway, start_fake, path, headers):
    upload = "/v1/applications/a1/documents"
    validation = await start_fake({("POST", "/v1/applications"): ok_json({}), ("POST", upload): ok_json({})})
    client = await gateway(validation=validation.url, **IDLE)
    headers = headers() if callable(headers) else headers
    answer = await _trickle_then_stall(client, f"POST {path} HTTP/1.1\r\nHost: x\r\n{headers}")
    head = answer.partition(b"\r\n\r\n")[0]
    assert head.startswith(b"HTTP/1.1 408"), answer[:300]
    assert b"Connection: close" in head
    assert not validation.seen or path.endswith("/documents")  # an upload streams what arrived, then stops


async def test_a_body_that_arrives_in_time_is_unaffected(gateway, start_fake):
    validation = await start_fake({("POST", "/v1/applications"): ok_json({"ok": True})})
    client = await gateway(validation=validation.url, **IDLE)
    resp = await client.post("/api/validation/v1/applications", json={"name": "x"})
    assert resp.status == 200 and await resp.json() == {"ok": True}
