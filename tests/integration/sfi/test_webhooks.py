"""Webhooks: an outbox row per change, signed deliveries retried after failures, a delivery log."""

from __future__ import annotations

import hashlib
import hmac

from aiohttp import web
from aiohttp.test_utils import TestServer

from services.sfi_schedule.app import create_app
from services.sfi_schedule.webhooks.delivery import SIGNATURE_HEADER
from services.sfi_schedule.webhooks.delivery import run as deliver
from shared.settings import load_settings
from tests.helpers import identity_header
from tests.integration.sfi.conftest import Api, group_payload

SECRET = "s" * 40


async def _receiver(fail_times: int):
    received: list[tuple[bytes, str]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((await request.read(), request.headers[SIGNATURE_HEADER]))
        return web.Response(status=500 if len(received) <= fail_times else 204)

    app = web.Application()
    app.router.add_post("/hook", hook)
    server = TestServer(app)
    await server.start_server()
    return server, received


async def test_signed_notification_is_retried_until_the_receiver_accepts(make_client, settings_env, db_url, base):
    env = {**settings_env, "DATABASE_URL": db_url, "LOTSEN_SFI_WEBHOOK_BACKOFF_SECONDS": "0"}
    api = Api(await make_client(create_app(load_settings(env))))
    server, received = await _receiver(fail_times=2)
    try:
        system = identity_header("crm", kind="system", roles=(), scopes=("webhooks:manage",))
        _, sub = await api.call("POST", "/v1/webhooks/subscriptions", headers=system, status=201, json={
            "targetUrl": str(server.make_url("/hook")), "resourceTypes": ["group"], "secret": SECRET})  # fmt: skip
        assert sub["signingSecret"] == SECRET
        await api.create("/v1/admin/groups", group_payload(base))
        await api.call("POST", "/v1/publications", json={}, status=201)
        app = api.client.server.app
        for _ in range(4):
            await deliver(app)
        assert len(received) == 3
        body, signature = received[-1]
        ts, mac = (part.split("=", 1)[1] for part in signature.split(","))
        assert hmac.compare_digest(mac, hmac.new(SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest())
        assert b'"type":"group.published"' in body and b"resourceId" in body
        _, log = await api.call("GET", f"/v1/webhooks/subscriptions/{sub['id']}/deliveries", headers=system, status=200)
        assert [(d["attempt"], d["statusCode"]) for d in reversed(log["data"])] == [(1, 500), (2, 500), (3, 204)]
        assert log["data"][0]["delivered"] is True
    finally:
        await server.close()


async def test_subscriptions_need_the_manage_scope(api):
    reader = identity_header("crm", kind="system", roles=(), scopes=("schedule:read",))
    payload = {"targetUrl": "https://example.org/hook", "resourceTypes": ["group"]}
    await api.call("POST", "/v1/webhooks/subscriptions", headers=reader, json=payload, status=403)
