"""The webhook channel: a Standard Webhooks signed POST through the guarded client."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.etag import dumps
from shared.outbound import Failed, GuardedClient, Refused
from shared.outbox import signing
from shared.outbox.domain import DELIVERED, FAILED, REFUSED, Claimed, Result
from shared.outbox.engine import Clock


@dataclass(frozen=True, slots=True)
class WebhookRequest:
    """Where one message goes and what it says: the receiver's URL and secret, and the JSON body."""

    url: str
    secret: str = field(repr=False)
    body: Mapping[str, Any]


class WebhookChannel:
    """POSTs the body with ``webhook-id`` (the message's event id, the same on every retry), timestamp, signature."""

    def __init__(self, client: GuardedClient, *, timeout_seconds: float, clock: Clock) -> None:
        self._client, self._timeout, self._clock = client, timeout_seconds, clock

    async def send(self, message: Claimed, envelope: WebhookRequest) -> Result:
        """2xx is delivered; a refused address is final; anything else (3xx included) is retried."""
        body = dumps(dict(envelope.body))
        stamp = int(self._clock().timestamp())
        try:
            signed = signing.headers(envelope.secret, msg_id=str(message.event_id), timestamp=stamp, body=body)
        except ValueError:
            return Result(REFUSED, "unusable signing secret")
        headers = {"Content-Type": "application/json", **signed}
        try:
            status = await self._client.post(envelope.url, body=body, headers=headers, deadline=self._timeout)
        except Refused as exc:
            return Result(REFUSED, exc.reason)
        except Failed as exc:
            return Result(FAILED, str(exc))
        return Result(DELIVERED, f"HTTP {status}") if 200 <= status < 300 else Result(FAILED, f"HTTP {status}")
