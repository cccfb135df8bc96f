"""The e-mail channel: one plain-text message per outbox row, sent over SMTP with aiosmtplib."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

from shared.outbox.domain import DELIVERED, FAILED, REFUSED, Claimed, Result
from shared.outbox.engine import Clock


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    """Where e-mail goes (``LOTSEN_SMTP_*``): the relay, the sender address and how the link is secured."""

    host: str
    port: int
    sender: str
    tls: str = "starttls"  # starttls | tls (implicit, port 465) | off (a relay on the same host or pod)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 10.0


@dataclass(frozen=True, slots=True)
class Email:
    """One e-mail to one person, already written in their language."""

    to: str
    language: str
    subject: str
    text: str


class Transport(Protocol):
    """Hands a composed message to a mail server (the seam a test may replace)."""

    async def send(self, message: EmailMessage) -> None:
        """Send ``message``; raise aiosmtplib's errors as they come."""
        ...


class SmtpTransport:
    """A fresh SMTP session per message: relays are near, and batches are small."""

    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    async def send(self, message: EmailMessage) -> None:
        """Deliver ``message`` to the relay."""
        c = self._config
        await aiosmtplib.send(
            message, hostname=c.host, port=c.port, username=c.username, password=c.password,
            use_tls=c.tls == "tls", start_tls=c.tls == "starttls", timeout=c.timeout_seconds,
        )  # fmt: skip


class EmailChannel:
    """Composes the message (the same Message-ID on every retry, so mail systems can drop a duplicate) and sends it."""

    def __init__(self, transport: Transport, *, sender: str, clock: Clock) -> None:
        self._transport, self._sender, self._clock = transport, sender, clock
        self._domain = sender.rpartition("@")[2] or "lotsen.invalid"

    def compose(self, message: Claimed, mail: Email) -> EmailMessage:
        """The RFC 5322 message: plain UTF-8 text, marked as automatically generated."""
        out = EmailMessage()
        out["From"] = self._sender
        out["To"] = mail.to
        out["Subject"] = mail.subject
        out["Date"] = email.utils.format_datetime(self._clock())
        out["Message-ID"] = f"<{message.event_id}@{self._domain}>"
        out["Auto-Submitted"] = "auto-generated"
        out.set_content(mail.text)
        out["Content-Language"] = mail.language  # after set_content, which clears the Content-* headers
        return out

    async def send(self, message: Claimed, envelope: Email) -> Result:
        """Accepted by the relay is delivered; a permanent (5xx) refusal is final; the rest is retried."""
        try:
            composed = self.compose(message, envelope)
        except ValueError:  # an address or header the e-mail format cannot carry
            return Result(REFUSED, "unusable address")
        try:
            await self._transport.send(composed)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            permanent = all(r.code >= 500 for r in exc.recipients)
            return Result(REFUSED if permanent else FAILED, "recipient refused")
        except aiosmtplib.SMTPResponseException as exc:
            return Result(REFUSED if exc.code >= 500 and exc.code != 530 else FAILED, f"SMTP {exc.code}")
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return Result(FAILED, type(exc).__name__)
        return Result(DELIVERED)
