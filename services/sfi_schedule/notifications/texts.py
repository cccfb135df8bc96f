"""What a learner or an administrator reads (pure): each topic's e-mail and SMS text from the gettext catalogues."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from services.sfi_schedule.notifications.domain import OFFER_REMINDER, PUBLICATION_RESULT, SEAT_OFFER
from shared.i18n import N_, Catalogues
from shared.outbox.people import Text, day, when

# Seven languages as their catalogues appear (notifications.po); anyone else reads Swedish.
CATALOGUES = Catalogues(Path(__file__).parent / "locale", domain="notifications", written_only=True)
_ = CATALOGUES.gettext

FOOTER = N_(
    "This message was sent automatically by Lotsen, the municipality's SFI service. Please do not reply; "
    "sign in to Lotsen to see your courses and offers."
)
ADMIN_FOOTER = N_("This message was sent automatically by Lotsen to the SFI administrators (LOTSEN_SFI_ADMIN_EMAILS).")

SEAT_OFFER_SUBJECT = N_("A seat in {group} is yours if you want it")
SEAT_OFFER_BODY = N_(
    "Hello,\n\nA seat is free for you in the SFI group {group} (course {course}), starting {starts}.\n\n"
    "The offer is yours until {deadline}. Sign in to Lotsen to accept or decline it. If you have not "
    "answered by then, the seat passes to the next person in line."
)
SEAT_OFFER_SMS = N_("Lotsen: A seat in SFI group {group} is yours until {deadline}. Sign in to Lotsen to accept it.")
REMINDER_SUBJECT = N_("Reminder: your seat offer in {group} runs out {deadline}")
REMINDER_BODY = N_(
    "Hello,\n\nYou have been offered a seat in the SFI group {group} (course {course}) and have not answered "
    "yet. The offer runs out {deadline}. Sign in to Lotsen to accept or decline it; after that the seat passes "
    "to the next person in line."
)
REMINDER_SMS = N_("Lotsen: Your seat offer in SFI group {group} runs out {deadline}. Sign in to Lotsen to answer.")
PUBLISHED_SUBJECT = N_("Scheduled publication carried out: version {version}")
PUBLISHED_BODY = N_(
    "The publication scheduled for {publish_at} was carried out at {at}. Version {version} is now public."
)
REFUSED_SUBJECT = N_("Scheduled publication not carried out")
REFUSED_BODY = N_(
    "The publication scheduled for {publish_at} was not carried out at {at}, and nothing was published.\n\n"
    "Reason: {reason}"
)
NOTE = N_("Note: {note}")
CHANGES = N_("Changes:")


def _offer(topic: str, payload: Mapping[str, Any], lang: str) -> Text:
    params = {
        "group": payload.get("group", ""),
        "course": payload.get("course", ""),
        "starts": day(payload.get("startsOn"), lang),
        "deadline": when(payload.get("answerBy"), lang),
    }
    subject, body, short = (
        (SEAT_OFFER_SUBJECT, SEAT_OFFER_BODY, SEAT_OFFER_SMS)
        if topic == SEAT_OFFER
        else (REMINDER_SUBJECT, REMINDER_BODY, REMINDER_SMS)
    )
    return Text(
        subject=_(lang, subject, **params),
        body=f"{_(lang, body, **params)}\n\n-- \n{_(lang, FOOTER)}\n",
        short=_(lang, short, **params),
    )


def _publication(payload: Mapping[str, Any], lang: str) -> Text:
    params = {
        "version": payload.get("version") or "",
        "publish_at": when(payload.get("publishAt"), lang),
        "at": when(payload.get("at"), lang),
        "reason": payload.get("reason") or "",
    }
    published = payload.get("outcome") == "published"
    subject = _(lang, PUBLISHED_SUBJECT if published else REFUSED_SUBJECT, **params)
    parts = [_(lang, PUBLISHED_BODY if published else REFUSED_BODY, **params)]
    if payload.get("note"):
        parts.append(_(lang, NOTE, note=payload["note"]))
    if published and payload.get("summary"):
        parts.append(_(lang, CHANGES) + "\n" + "\n".join(f"- {line}" for line in payload["summary"]))
    body = "\n\n".join(parts)
    return Text(subject=subject, body=f"{body}\n\n-- \n{_(lang, ADMIN_FOOTER)}\n", short=subject)


def render(topic: str, payload: Mapping[str, Any], lang: str) -> Text:
    """The e-mail subject and body and the SMS text of one message."""
    if topic in (SEAT_OFFER, OFFER_REMINDER):
        return _offer(topic, payload, lang)
    if topic == PUBLICATION_RESULT:
        return _publication(payload, lang)
    raise ValueError(f"no text for topic {topic}")
