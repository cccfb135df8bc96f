"""Messages to people: who a message's subject is reached at, in which language, and what it says.

A service gives two functions: ``contacts`` reads the person behind each subject id *when the message is
sent* (so contact data is never copied into the outbox, and a purged subject receives nothing), and
``render`` writes a topic's text in a language (from a ``shared.i18n.Catalogues`` made with
``written_only=True``, dates as people in that language write them: ``day``, ``when``). Every text passes
``redact`` on its way out, so no personal identity number reaches an e-mail or an SMS, whatever a
caseworker typed into a reason.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from babel.dates import format_datetime

from shared.clock import STOCKHOLM
from shared.outbox.domain import Claimed
from shared.outbox.email import Email
from shared.outbox.engine import Prepare
from shared.outbox.sms import Sms

# 10 or 12 digits, optionally with - or + before the last four: the written forms of a personnummer or
# samordningsnummer. Only those whose Luhn check digit is right are redacted (not every 10-digit number).
_CANDIDATE = re.compile(r"(?<!\d)(\d{2})?(\d{6})([-+]?)(\d{4})(?!\d)")
REDACTED = "[personnummer]"


@dataclass(frozen=True, slots=True)
class Contact:
    """How a person is reached: e-mail and phone as they are now, and the language they read."""

    email: str | None
    phone: str | None
    language: str


@dataclass(frozen=True, slots=True)
class Text:
    """A message in one language: an e-mail's subject and body, and the short form for SMS."""

    subject: str
    body: str
    short: str


Contacts = Callable[[asyncpg.Connection, list[UUID]], Awaitable[Mapping[UUID, Contact]]]
Render = Callable[[str, Mapping[str, Any], str], Text]


def when(moment: datetime | str | None, lang: str) -> str:
    """A moment as people in ``lang`` write it, in Swedish time (``4 december 2026 16:00``)."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return format_datetime(value, "d MMMM y HH:mm", tzinfo=STOCKHOLM, locale=lang)


def day(moment: datetime | str | None, lang: str) -> str:
    """A moment's Swedish calendar date as people in ``lang`` write it (``4 december 2026``)."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return format_datetime(value, "d MMMM y", tzinfo=STOCKHOLM, locale=lang)


def _luhn_ok(ten: str) -> bool:
    total = 0
    for i, ch in enumerate(ten):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def redact(text: str) -> str:
    """``text`` with every valid personnummer or samordningsnummer replaced by a placeholder."""

    def replace(match: re.Match[str]) -> str:
        return REDACTED if _luhn_ok(match.group(2) + match.group(4)) else match.group(0)

    return _CANDIDATE.sub(replace, text)


async def _addressed(
    conn: asyncpg.Connection, messages: Sequence[Claimed], contacts: Contacts
) -> list[tuple[Claimed, Contact]]:
    found = await contacts(conn, sorted({m.subject_id for m in messages if m.subject_id is not None}))
    return [(m, found[m.subject_id]) for m in messages if m.subject_id in found]


def email_prepare(contacts: Contacts, render: Render) -> Prepare:
    """``prepare`` for e-mail: the subject's address now, the text in their language (nobody: not addressed)."""

    async def prepare(conn: asyncpg.Connection, messages: Sequence[Claimed]) -> dict[int, Email]:
        out = {}
        for message, contact in await _addressed(conn, messages, contacts):
            if contact.email:
                text = render(message.topic, message.payload, contact.language)
                out[message.id] = Email(contact.email, contact.language, redact(text.subject), redact(text.body))
        return out

    return prepare


def sms_prepare(contacts: Contacts, render: Render) -> Prepare:
    """``prepare`` for SMS: the subject's phone number now, the short text in their language."""

    async def prepare(conn: asyncpg.Connection, messages: Sequence[Claimed]) -> dict[int, Sms]:
        out = {}
        for message, contact in await _addressed(conn, messages, contacts):
            if contact.phone:
                out[message.id] = Sms(
                    contact.phone, redact(render(message.topic, message.payload, contact.language).short)
                )
        return out

    return prepare
