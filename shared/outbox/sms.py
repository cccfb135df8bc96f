"""The SMS channel: an adapter interface for the municipality's SMS gateway, and a logging adapter for dev."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from shared.outbox.domain import DELIVERED, FAILED, REFUSED, Claimed, Result

log = logging.getLogger("lotsen.outbox.sms")
ADAPTERS = ("off", "log")


@dataclass(frozen=True, slots=True)
class Sms:
    """One text message to one phone number, already written in the person's language."""

    to: str
    text: str


class SmsRejected(Exception):
    """The gateway refused the message for good (a bad number, an opted-out person): it is not retried."""


class SmsSender(Protocol):
    """What an SMS gateway adapter implements: send, or raise (SmsRejected when retrying cannot help)."""

    async def send(self, *, to: str, text: str, message_id: str) -> None:
        """Hand one message to the gateway; ``message_id`` is the same on every retry, for deduplication."""
        ...


class LoggingSms:
    """The development adapter: logs the text (and the last digits of the number) instead of sending."""

    async def send(self, *, to: str, text: str, message_id: str) -> None:
        """Write the message to the log."""
        fields = {"messageId": message_id, "to": "…" + to[-2:], "text": text}
        log.info("sms (logged by the development adapter, not sent)", extra={"fields": fields})


def adapter(name: str) -> SmsSender | None:
    """The adapter a ``LOTSEN_SMS_ADAPTER`` value names; None for ``off``."""
    return LoggingSms() if name == "log" else None


class SmsChannel:
    """Sends through the configured adapter."""

    def __init__(self, sender: SmsSender) -> None:
        self._sender = sender

    async def send(self, message: Claimed, envelope: Sms) -> Result:
        """Accepted is delivered; SmsRejected is final; any other error is retried."""
        try:
            await self._sender.send(to=envelope.to, text=envelope.text, message_id=str(message.event_id))
        except SmsRejected:
            return Result(REFUSED, "rejected by the SMS gateway")
        except Exception as exc:  # an adapter talks to a third party; whatever breaks there is worth a retry
            return Result(FAILED, type(exc).__name__)
        return Result(DELIVERED)
