"""What the sfi service tells people (pure): the topics, what each message carries, which channel reaches them.

Payloads carry the facts of the change (a group's name, a deadline), never contact data or an identity
number: the learner's address and language are read when the message is sent. Administrators are one
subject (``ADMINS``) whose addresses and language are settings (``LOTSEN_SFI_ADMIN_EMAILS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.outbox.domain import Notice, channel

SEAT_OFFER = "sfi.seat_offer"
OFFER_REMINDER = "sfi.offer_reminder"
PUBLICATION_RESULT = "sfi.publication_result"
TOPICS = (SEAT_OFFER, OFFER_REMINDER, PUBLICATION_RESULT)

# The administrators as the subject of a message: not a row anywhere, the addresses come from the settings.
ADMINS = UUID("5f1a7c2e-0000-4000-8000-00000000ad35")


def _offer_facts(offer: Mapping[str, Any], group: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "offerId": str(offer["id"]),
        "group": group["name"],
        "course": group["course_code"],
        "startsOn": group["start_date"].isoformat() if group.get("start_date") else None,
        "answerBy": offer["expires_at"].isoformat(),
    }


def seat_offer(learner: Mapping[str, Any] | None, offer: Mapping[str, Any], group: Mapping[str, Any]) -> Notice | None:
    """The offer of a free seat with its deadline, or None when the learner cannot be reached."""
    kind = channel(*((learner and (learner["email"], learner["phone"])) or (None, None)))
    if kind is None:
        return None
    return Notice(kind, SEAT_OFFER, f"seat-offer:{offer['id']}", offer["learner_id"], _offer_facts(offer, group))


def offer_reminder(row: Mapping[str, Any]) -> Notice | None:
    """A reminder that an open offer runs out soon (one per offer); ``row`` joins the offer, group and learner."""
    kind = channel(row["email"], row["phone"])
    if kind is None:
        return None
    group = {"name": row["group_name"], "course_code": row["course_code"], "start_date": row["start_date"]}
    return Notice(kind, OFFER_REMINDER, f"offer-reminder:{row['id']}", row["learner_id"], _offer_facts(row, group))


def publication_result(publication: Mapping[str, Any], *, outcome: str, at: datetime) -> Notice:
    """The outcome of a scheduled publication (published or refused, and why) for the administrators."""
    diff = publication.get("diff") or {}
    payload = {
        "publicationId": str(publication["id"]),
        "outcome": outcome,
        "version": publication.get("version"),
        "publishAt": publication["publish_at"].isoformat() if publication.get("publish_at") else None,
        "at": at.isoformat(),
        "note": publication.get("note") or "",
        "reason": diff.get("refused") if outcome == "refused" else None,
        "summary": [str(s) for s in (diff.get("summary") or [])][:20],
    }
    return Notice("email", PUBLICATION_RESULT, f"publication-result:{publication['id']}", ADMINS, payload)
