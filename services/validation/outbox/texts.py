"""What an applicant reads (pure): each topic's e-mail and SMS text, in their language, from the message catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from services.validation.clock import STOCKHOLM
from services.validation.messages import text
from services.validation.outbox.domain import ASSESSMENT_SCHEDULED, DECISION, SUPPLEMENT_REMINDER
from shared.outbox.people import Text


def _day(iso: str | None) -> str:
    """A stored instant as the Swedish calendar date (what a letter would say)."""
    return datetime.fromisoformat(iso).astimezone(STOCKHOLM).date().isoformat() if iso else ""


def _params(topic: str, payload: Mapping[str, Any], lang: str) -> dict[str, Any]:
    params: dict[str, Any] = {"reference": payload.get("reference", ""), "reason": payload.get("reason") or ""}
    if topic == DECISION:
        titles = payload.get("roleTitle") or {}
        params |= {
            "role": titles.get(lang) or titles.get("sv") or payload.get("roleCode", ""),
            "outcome": text(f"outcome.{payload.get('outcome')}", lang).lower(),
            "validated": payload.get("pointsValidated", 0),
            "remaining": payload.get("pointsRemaining", 0),
        }
    elif topic == SUPPLEMENT_REMINDER:
        params["requested"] = _day(payload.get("requestedAt"))
    elif topic == ASSESSMENT_SCHEDULED:
        booking = payload.get("assessment") or {}
        params |= {k: booking.get(k) or "" for k in ("date", "place", "assessor")}
    return params


def _gap_list(payload: Mapping[str, Any], lang: str) -> str:
    gaps = payload.get("gapList") or []
    if not gaps:
        return ""
    lines = [f"- {g.get('name') or g.get('code')} ({g.get('points')} p)" for g in gaps]
    return "\n\n" + text("mail.gap_list", lang) + "\n" + "\n".join(lines)


def render(topic: str, payload: Mapping[str, Any], lang: str) -> Text:
    """The e-mail subject and body and the SMS text of a message about a case."""
    params = _params(topic, payload, lang)
    body = text(f"mail.{topic}.body", lang, **params)
    if topic == DECISION:
        body += _gap_list(payload, lang)
    return Text(
        subject=text(f"mail.{topic}.subject", lang, **params),
        body=f"{body}\n\n-- \n{text('mail.footer', lang)}\n",
        short=text(f"mail.{topic}.sms", lang, **params),
    )
