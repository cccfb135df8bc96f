"""SSRF through webhook subscriptions: every kind of internal address is refused at creation and at delivery.

The receiver listens on loopback, and each internal URL points at its port: were a guard missing, the
request would arrive and the test would fail. Loopback is refused unless ``LOTSEN_OUTBOUND_ALLOW`` names it.
Names are answered by the resolver seam (no DNS): ``loopback.test`` resolves to 127.0.0.1.
"""

from __future__ import annotations

import socket
import uuid

import pytest

from shared.db import DB_POOL
from shared.outbox.signing import new_secret
from tests.integration.sfi.conftest import Api, group_payload
from tests.integration.sfi.hooks import SUBSCRIPTIONS, SYSTEM, Hooks, hooks_app
from tests.outbox_support import Receiver

INTERNAL = [
    ("loopback IPv4", "http://127.0.0.1:{port}/hook"),
    ("loopback IPv4, not 127.0.0.1", "http://127.0.0.2:{port}/hook"),
    ("decimal IPv4", "http://2130706433:{port}/hook"),
    ("hex IPv4", "http://0x7f000001:{port}/hook"),
    ("octal IPv4", "http://0177.0.0.1:{port}/hook"),
    ("short IPv4", "http://127.1:{port}/hook"),
    ("zero", "http://0:{port}/hook"),
    ("unspecified IPv4", "http://0.0.0.0:{port}/hook"),
    ("loopback IPv6", "http://[::1]:{port}/hook"),
    ("unspecified IPv6", "http://[::]:{port}/hook"),
    ("IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]:{port}/hook"),
    ("IPv4-mapped IPv6, hex", "http://[::ffff:7f00:1]:{port}/hook"),
    ("NAT64 of loopback", "http://[64:ff9b::7f00:1]:{port}/hook"),
    ("6to4 of loopback", "http://[2002:7f00:1::]:{port}/hook"),
    ("localhost", "http://localhost:{port}/hook"),
    ("localhost, upper case with a dot", "http://LOCALHOST.:{port}/hook"),
    ("a .localhost name", "http://api.localhost:{port}/hook"),
    ("a name that resolves to 127.0.0.1", "http://loopback.test:{port}/hook"),
    ("a name that resolves to a private address", "http://intranet.test/hook"),
    ("link-local (cloud metadata)", "http://169.254.169.254/latest/meta-data/"),
    ("link-local IPv6", "http://[fe80::1]/hook"),
    ("private 10/8", "http://10.0.0.1/hook"),
    ("private 172.16/12", "http://172.16.0.1/hook"),
    ("private 192.168/16", "http://192.168.1.1/hook"),
    ("shared address space", "http://100.64.0.1/hook"),
    ("unique local IPv6", "http://[fd00::1]/hook"),
    ("multicast IPv4", "http://224.0.0.1/hook"),
    ("multicast IPv6", "http://[ff02::1]/hook"),
    ("reserved", "http://240.0.0.1/hook"),
    ("broadcast", "http://255.255.255.255/hook"),
    ("documentation range", "http://192.0.2.1/hook"),
    ("credentials", "http://user:pass@loopback.test:{port}/hook"),
    ("a user name", "https://user@hooks.example.org/hook"),
    ("an empty user", "https://@hooks.example.org/hook"),
    ("another scheme", "ftp://hooks.example.org/hook"),
    ("no host", "http:///hook"),
]
NAMES = {"loopback.test": ["127.0.0.1"], "intranet.test": ["10.1.2.3"], "hooks.example.org": ["93.184.215.14"]}


@pytest.fixture
async def hooks(make_client, settings_env, db_url) -> Hooks:
    """No allow-list: what a production deployment sees (http still allowed, as outside production)."""
    hooks = await hooks_app(make_client, settings_env, db_url, LOTSEN_OUTBOUND_ALLOW="")
    hooks.names.table.update(NAMES)
    return hooks


@pytest.fixture
def api(hooks: Hooks) -> Api:
    return hooks.api


# At creation a name that does not resolve is refused too (at delivery it is a failure, retried with backoff).
AT_CREATION = [*INTERNAL, ("a name that does not resolve", "https://nowhere.test/hook")]


async def test_every_internal_target_is_refused_at_creation_with_422_naming_the_field(hooks, receiver):
    accepted = []
    for kind, url in AT_CREATION:
        resp, problem = await hooks.api.call("POST", SUBSCRIPTIONS, headers=SYSTEM, json={
            "targetUrl": url.format(port=receiver.port), "resourceTypes": ["group"]})  # fmt: skip
        if resp.status != 422 or [e["pointer"] for e in problem["errors"]] != ["/targetUrl"]:
            accepted.append((kind, resp.status))
    assert accepted == []
    _, listed = await hooks.api.call("GET", SUBSCRIPTIONS, headers=SYSTEM, status=200)
    assert listed["data"] == [] and receiver.received == []


async def insert_subscription(hooks: Hooks, url: str) -> uuid.UUID:
    """A subscription stored as it was before the guard existed (or before its DNS changed)."""
    sub_id = uuid.uuid4()
    await hooks.app[DB_POOL].execute(
        "INSERT INTO sfi.webhook_subscriptions (id, consumer, target_url, resource_types, secret) "
        "VALUES ($1, 'crm', $2, '{group}', $3)",
        sub_id, url, new_secret(),
    )  # fmt: skip
    return sub_id


async def publish_a_group(hooks: Hooks, base) -> None:
    await hooks.api.create("/v1/admin/groups", group_payload(base))
    await hooks.api.call("POST", "/v1/publications", json={}, status=201)


async def test_every_internal_target_is_refused_again_at_delivery(hooks, base, receiver):
    ids = [await insert_subscription(hooks, url.format(port=receiver.port)) for _, url in INTERNAL]
    await publish_a_group(hooks, base)
    assert await hooks.deliver() == {"refused": len(INTERNAL)}
    assert receiver.received == []
    for sub_id in ids:
        assert [d["outcome"] for d in await hooks.log(str(sub_id))] == ["refused"]


async def test_a_name_that_turns_internal_after_creation_is_refused_at_delivery(hooks, base, receiver):
    """DNS rebinding: public when checked at creation, loopback when it is time to send."""
    hooks.names.table["rebind.test"] = ["93.184.215.14"]
    _, sub = await hooks.api.call("POST", SUBSCRIPTIONS, headers=SYSTEM, status=201, json={
        "targetUrl": f"http://rebind.test:{receiver.port}/hook", "resourceTypes": ["group"]})  # fmt: skip
    hooks.names.table["rebind.test"] = ["127.0.0.1"]
    await publish_a_group(hooks, base)
    assert await hooks.deliver() == {"refused": 1}
    assert receiver.received == [] and [d["outcome"] for d in await hooks.log(sub["id"])] == ["refused"]


async def test_in_production_only_https_is_accepted(make_client, settings_env, db_url):
    hooks = await hooks_app(make_client, settings_env, db_url, LOTSEN_ENV="production", LOTSEN_OUTBOUND_ALLOW="")
    hooks.names.table.update(NAMES)
    _, problem = await hooks.api.call("POST", SUBSCRIPTIONS, headers=SYSTEM, status=422, json={
        "targetUrl": "http://hooks.example.org/hook", "resourceTypes": ["group"]})  # fmt: skip
    assert problem["errors"] == [{"pointer": "/targetUrl", "message": "must use https"}]
    await hooks.subscribe("https://hooks.example.org/hook")


@pytest.fixture
async def dev_hooks(make_client, settings_env, db_url) -> Hooks:
    """Loopback allow-listed, as in the demo and in tests that need a real receiver."""
    hooks = await hooks_app(make_client, settings_env, db_url, LOTSEN_OUTBOUND_ALLOW="127.0.0.0/8, ::1")
    hooks.names.table.update(NAMES)
    return hooks


async def test_an_allow_listed_name_is_looked_up_once_and_called_at_that_address_with_its_own_host(dev_hooks, receiver):
    hooks = dev_hooks
    sub = await hooks.subscribe(f"http://loopback.test:{receiver.port}/hook")
    assert hooks.names.asked == ["loopback.test"]  # checked at creation
    async with hooks.app[DB_POOL].acquire() as conn:
        await conn.execute(
            "INSERT INTO sfi.outbox (kind, topic, subscription_id, sequence, payload) "
            "VALUES ('webhook', 'group.updated', $1, 1, '{\"type\": \"group.updated\"}')",
            uuid.UUID(sub["id"]),
        )
    assert await hooks.deliver() == {"delivered": 1}
    # One look-up for the connection: the address checked is the address connected to (no second answer).
    assert hooks.names.asked == ["loopback.test", "loopback.test"]
    [(headers, _)] = receiver.received
    assert headers["Host"] == f"loopback.test:{receiver.port}"


async def test_an_allow_list_names_networks_and_nothing_else(dev_hooks, receiver):
    await dev_hooks.subscribe(f"http://127.0.0.1:{receiver.port}/hook")
    await dev_hooks.subscribe(f"http://127.1.2.3:{receiver.port}/hook")
    for still_refused in ("http://10.0.0.1/hook", "http://169.254.169.254/", "http://user:pw@127.0.0.1/hook"):
        await dev_hooks.subscribe(still_refused, status=422)


async def test_the_delivery_log_does_not_tell_a_closed_port_from_a_refusing_server(dev_hooks, base, receiver):
    """Status codes and error kinds would map internal ports: the log says failed for both."""
    hooks = dev_hooks
    receiver.answer = lambda n: 404
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    answering = await hooks.subscribe(receiver.url)
    silent = await hooks.subscribe(f"http://127.0.0.1:{closed}/hook")
    await publish_a_group(hooks, base)
    assert await hooks.deliver() == {"retry": 2}
    logs = [await hooks.log(answering["id"]), await hooks.log(silent["id"])]
    assert [[d["outcome"] for d in log] for log in logs] == [["failed"], ["failed"]]
    assert {k for log in logs for d in log for k in d} == {
        "id",
        "messageId",
        "type",
        "sequence",
        "attempt",
        "outcome",
        "attemptedAt",
    }


async def test_a_redirect_is_not_followed(dev_hooks, base, receiver):
    """A public receiver cannot bounce the POST to an internal address (or anywhere else)."""
    target = Receiver()
    server = await target.start()
    try:
        receiver.answer, receiver.location = (lambda n: 307), target.url
        sub = await dev_hooks.subscribe(receiver.url)
        await publish_a_group(dev_hooks, base)
        assert await dev_hooks.deliver() == {"retry": 1}
        assert len(receiver.received) == 1 and target.received == []
        assert [d["outcome"] for d in await dev_hooks.log(sub["id"])] == ["failed"]
    finally:
        await server.close()
