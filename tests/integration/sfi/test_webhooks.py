"""Webhooks: an outbox row per subscription and change, Standard Webhooks signatures, sequence numbers, a log.

Deliveries are checked with the `standardwebhooks` library, as a subscriber would verify them.
"""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.helpers import identity_header
from tests.integration.sfi.conftest import Api, group_payload
from tests.integration.sfi.hooks import SUBSCRIPTIONS, SYSTEM, Hooks, hooks_app


@pytest.fixture
async def hooks(make_client, settings_env, db_url) -> Hooks:
    return await hooks_app(make_client, settings_env, db_url)


@pytest.fixture
def api(hooks: Hooks) -> Api:
    """The sfi conftest's ``base`` builds its schedule through this app."""
    return hooks.api


async def add_group(hooks: Hooks, base, weekday: int) -> None:
    """A group on its own weekday (so that the teacher is free)."""
    slots = [{"weekday": weekday, "start": "09:00", "end": "12:00", "interval": "every"}]
    await hooks.api.create("/v1/admin/groups", group_payload(base, name=f"SFI B dag {weekday}", slots=slots))


async def publish_groups(hooks: Hooks, base, count: int, *, first_day: int = 1) -> None:
    for weekday in range(first_day, first_day + count):
        await add_group(hooks, base, weekday)
    await hooks.api.call("POST", "/v1/publications", json={"publishNow": True}, status=201)


async def test_a_delivery_verifies_with_the_standardwebhooks_library(hooks, base, receiver):
    sub = await hooks.subscribe(receiver.url)
    assert sub["signingSecret"].startswith("whsec_")
    await publish_groups(hooks, base, 1)
    assert await hooks.deliver() == {"delivered": 1}
    [(headers, body)] = receiver.received
    event = Webhook(sub["signingSecret"]).verify(body, headers)
    assert event["type"] == "group.published" and event["resourceType"] == "group" and event["sequence"] == 1
    assert headers["webhook-signature"].startswith("v1,")
    with pytest.raises(WebhookVerificationError):
        Webhook(sub["signingSecret"]).verify(body.replace(b"published", b"deleted!!"), headers)
    other = Webhook("whsec_" + "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0xMjM0NTY=")
    with pytest.raises(WebhookVerificationError):
        other.verify(body, headers)


async def test_each_subscription_numbers_its_events_so_receivers_can_order_them(hooks, base, receiver):
    first = await hooks.subscribe(receiver.url)
    await publish_groups(hooks, base, 3)
    second = await hooks.subscribe(receiver.url)
    await publish_groups(hooks, base, 1, first_day=4)
    assert await hooks.deliver() == {"delivered": 5}
    by_sub: dict[str, list[int]] = {}
    for headers, body in receiver.received:
        for sub in (first, second):
            try:
                event = Webhook(sub["signingSecret"]).verify(body, headers)
            except WebhookVerificationError:
                continue
            by_sub.setdefault(sub["id"], []).append(event["sequence"])
    assert sorted(by_sub[first["id"]]) == [1, 2, 3, 4] and by_sub[second["id"]] == [1]
    assert len({h["webhook-id"] for h, _ in receiver.received}) == 5


async def test_a_failed_delivery_is_retried_with_backoff_and_the_log_shows_outcomes_only(hooks, base, receiver):
    receiver.answer = lambda n: 500 if n <= 2 else 204
    sub = await hooks.subscribe(receiver.url)
    await publish_groups(hooks, base, 1)
    assert await hooks.deliver() == {"retry": 1}
    assert await hooks.deliver() == {}  # waits for its backoff
    hooks.clock.advance(10)
    assert await hooks.deliver() == {"retry": 1}
    hooks.clock.advance(20)
    assert await hooks.deliver() == {"delivered": 1}
    assert len({h["webhook-id"] for h, _ in receiver.received}) == 1  # the same message id on every retry
    log = await hooks.log(sub["id"])
    assert [(d["attempt"], d["outcome"]) for d in log] == [(1, "failed"), (2, "failed"), (3, "delivered")]
    assert {frozenset(d) for d in log} == {
        frozenset({"id", "messageId", "type", "sequence", "attempt", "outcome", "attemptedAt"})
    }
    # No trace of the receiver's answer (its status, 500): the random message id and the time may hold the
    # digits by chance, so every other value is looked at.
    assert [v for d in log for k, v in d.items() if k not in ("messageId", "attemptedAt") and "500" in str(v)] == []


async def test_a_stopped_subscriptions_pending_messages_are_refused_not_sent(hooks, base, receiver):
    sub = await hooks.subscribe(receiver.url)
    await publish_groups(hooks, base, 1)
    await hooks.api.call("DELETE", f"{SUBSCRIPTIONS}/{sub['id']}", headers=SYSTEM, status=204)
    assert await hooks.deliver() == {"refused": 1}
    assert receiver.received == []


async def test_a_given_secret_must_be_a_standard_webhooks_secret(hooks, receiver):
    _, problem = await hooks.api.call("POST", SUBSCRIPTIONS, headers=SYSTEM, status=422, json={
        "targetUrl": receiver.url, "resourceTypes": ["group"], "secret": "s" * 40})  # fmt: skip
    assert [e["pointer"] for e in problem["errors"]] == ["/secret"]
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    assert (await hooks.subscribe(receiver.url, secret=secret))["signingSecret"] == secret


async def test_subscriptions_need_the_manage_scope(hooks):
    reader = identity_header("crm", kind="system", roles=(), scopes=("schedule:read",))
    payload = {"targetUrl": "https://hooks.example.org/hook", "resourceTypes": ["group"]}
    await hooks.api.call("POST", SUBSCRIPTIONS, headers=reader, json=payload, status=403)


async def test_a_retried_create_with_the_same_key_returns_the_first_subscription(hooks, receiver):
    body = {"targetUrl": receiver.url, "resourceTypes": ["group"]}
    headers = {**SYSTEM, "Idempotency-Key": "create-hook-1"}
    _, first = await hooks.api.call("POST", SUBSCRIPTIONS, headers=headers, json=body, status=201)
    _, again = await hooks.api.call("POST", SUBSCRIPTIONS, headers=headers, json=body, status=201)
    assert again == first
    _, listed = await hooks.api.call("GET", SUBSCRIPTIONS, headers=SYSTEM, status=200)
    assert [s["id"] for s in listed["data"]] == [first["id"]]
