"""What an applicant reads (pure): each topic's e-mail and SMS text, in their language, from gettext catalogues.

The catalogues are ``outbox/locale/<lang>/LC_MESSAGES/notifications.po``, one per language of the seven as it
is written (anyone else reads Swedish); the message ids are the English texts below.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from services.validation.messages import role_title
from services.validation.outbox.domain import (
    ASSESSMENT_SCHEDULED,
    DECISION,
    RECEIPT,
    REJECTED,
    SUPPLEMENT_REMINDER,
    SUPPLEMENT_REQUESTED,
)
from shared.i18n import N_, Catalogues
from shared.outbox.people import Text, day, when

CATALOGUES = Catalogues(Path(__file__).parent / "locale", domain="notifications", written_only=True)
_ = CATALOGUES.gettext

FOOTER = N_(
    "This message was sent automatically by Lotsen, the municipality's validation service. Please do not reply; "
    "sign in to Lotsen or use your tracking code to see the case."
)
GAP_LIST = N_("Courses left to take:")
OUTCOMES = {"full": N_("fully validated"), "partial": N_("partly validated"), "none": N_("not validated")}

# topic → (subject, body, SMS)
TEXTS: dict[str, tuple[str, str, str]] = {
    RECEIPT: (
        N_("We have received your application {reference}"),
        N_(
            "Hello,\n\nWe received your application for validation against the occupation {role} on {submitted}. "
            "Your case number is {reference}; please give it whenever you contact us.\n\n"
            "A caseworker will look at your application. You will hear from us when something happens in your case."
        ),
        N_("Lotsen: We have received your application {reference}. You will hear from us when something happens."),
    ),
    DECISION: (
        N_("Decision in your case {reference}"),
        N_(
            "Hello,\n\nYour case {reference} for validation against the occupation {role} has been decided: "
            "{outcome}.\nPoints validated: {validated}. Points left to study: {remaining}."
        ),
        N_("Lotsen: Your case {reference} has been decided: {outcome}. Sign in to Lotsen to read the decision."),
    ),
    SUPPLEMENT_REQUESTED: (
        N_("More documents needed in your case {reference}"),
        N_(
            "Hello,\n\nThe caseworker needs more from you in your case {reference}:\n\n{reason}\n\n"
            "Please send it in through Lotsen."
        ),
        N_("Lotsen: More documents are needed in your case {reference}. Sign in to Lotsen to see what is missing."),
    ),
    SUPPLEMENT_REMINDER: (
        N_("Reminder: documents needed in your case {reference}"),
        N_(
            "Hello,\n\nOn {requested} the caseworker asked for more documents in your case {reference}. We have not "
            "received them yet. Please send them in through Lotsen so that the case can go on."
        ),
        N_("Lotsen: Reminder: documents are needed in your case {reference}. Sign in to Lotsen to send them."),
    ),
    ASSESSMENT_SCHEDULED: (
        N_("Your assessment in case {reference} is booked"),
        N_(
            "Hello,\n\nYour practical assessment in case {reference} is booked.\nDate: {date}\nPlace: {place}\n"
            "Assessor: {assessor}"
        ),
        N_("Lotsen: Assessment in case {reference} on {date}, {place}."),
    ),
    REJECTED: (
        N_("Your case {reference} has been closed"),
        N_(
            "Hello,\n\nYour application {reference} has been rejected.\n\nReason: {reason}\n\n"
            "Contact the municipality if you want to know more."
        ),
        N_("Lotsen: Your application {reference} has been rejected. Sign in to Lotsen to read the reason."),
    ),
}


def _params(topic: str, payload: Mapping[str, Any], lang: str) -> dict[str, Any]:
    params: dict[str, Any] = {"reference": payload.get("reference", ""), "reason": payload.get("reason") or ""}
    titles = payload.get("roleTitle") or {}  # as stored when queued, for a role the catalogue texts do not know
    fallback = titles.get(lang) or titles.get("sv")
    params["role"] = role_title(payload["roleCode"], lang, fallback) if payload.get("roleCode") else fallback or ""
    if topic == DECISION:
        outcome = OUTCOMES.get(payload.get("outcome") or "", str(payload.get("outcome")))
        params |= {
            "outcome": _(lang, outcome),
            "validated": payload.get("pointsValidated", 0),
            "remaining": payload.get("pointsRemaining", 0),
        }
    elif topic == SUPPLEMENT_REMINDER:
        params["requested"] = day(payload.get("requestedAt"), lang)
    elif topic == RECEIPT:
        params["submitted"] = when(payload.get("submittedAt"), lang)
    elif topic == ASSESSMENT_SCHEDULED:
        booking = payload.get("assessment") or {}
        params |= {k: booking.get(k) or "" for k in ("date", "place", "assessor")}
    return params


def _gap_list(payload: Mapping[str, Any], lang: str) -> str:
    gaps = payload.get("gapList") or []
    if not gaps:
        return ""
    lines = [f"- {g.get('name') or g.get('code')} ({g.get('points')} p)" for g in gaps]
    return "\n\n" + _(lang, GAP_LIST) + "\n" + "\n".join(lines)


def render(topic: str, payload: Mapping[str, Any], lang: str) -> Text:
    """The e-mail subject and body and the SMS text of a message about a case."""
    subject, body, short = TEXTS[topic]
    params = _params(topic, payload, lang)
    text = _(lang, body, **params)
    if topic == DECISION:
        text += _gap_list(payload, lang)
    return Text(
        subject=_(lang, subject, **params),
        body=f"{text}\n\n-- \n{_(lang, FOOTER)}\n",
        short=_(lang, short, **params),
    )
