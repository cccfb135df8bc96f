"""The texts of problem responses (``title``, ``detail``, ``errors[].message``) in every language.

Errors are raised in English anywhere (``ValidationFailed.field("/x", "must not be in the future")``,
marshmallow's own messages, a validator's ``error=``); the problems middleware translates each text on the
way out, into the language ``Accept-Language`` asks for (:func:`translate`). A text with named placeholders
(``Length must be between {min} and {max}.``) is matched as a pattern, so marshmallow's already-filled
messages are found too; a value caught by a placeholder is itself translated when it is a known text (the
reason inside "not a valid personnummer or samordningsnummer: {reason}").

The message ids are listed below with :func:`shared.i18n.N_` so ``make i18n`` extracts them into
``shared/locale/messages.pot``; a service adds its own with :func:`register`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from shared.i18n import N_, SOURCE_LANGUAGE, Catalogues, negotiate

CATALOGUES = Catalogues(Path(__file__).parent / "locale")

MESSAGES: list[str] = [
    # problem titles (shared.errors, shared.middlewares)
    N_("Bad request"),
    N_("Authentication required"),
    N_("Not allowed"),
    N_("Not found"),
    N_("Method not allowed"),
    N_("Not acceptable"),
    N_("Conflict"),
    N_("Precondition failed"),
    N_("If-Match required"),
    N_("Payload too large"),
    N_("Unsupported media type"),
    N_("Invalid request"),
    N_("Too many requests"),
    N_("Service unavailable"),
    N_("Upstream timed out"),
    N_("Internal error"),
    N_("Refused by the database"),
    N_("A value was not acceptable"),
    N_("A dependency is temporarily unavailable; retry shortly"),
    N_("An unexpected error occurred"),
    # reading the body (shared.body)
    N_("The request body is empty; a JSON document is required"),
    N_("Send the body as application/json, not {media_type}"),
    N_("Text must not contain NUL characters"),
    # marshmallow's own messages
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Unknown field."),
    N_("Invalid input type."),
    N_("Invalid value."),
    N_("Invalid input."),
    N_("Invalid type."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Not a valid boolean."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid time."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Not a valid email address."),
    N_("Not a valid URL."),
    N_("Not a valid UUID."),
    N_("Must be one of: {choices}."),
    N_("String does not match expected pattern."),
    N_("Shorter than minimum length {min}."),
    N_("Longer than maximum length {max}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be less than or equal to {max}."),
    N_('"{input}" cannot be formatted as a date.'),
    # the application form (services/validation/applications)
    N_("must be an ISO 3166-1 alpha-2 country code such as SE or SY"),
    N_("must be an ISO 639 language code such as sv, en or ar"),
    N_("must be a four-digit SSYK 2012 code"),
    N_("must be a phone number"),
    N_("must be a course code"),
    N_("give an email address or a phone number"),
    N_("must not be before startYear"),
    N_("must not be before from"),
    N_("must be one of {choices} for {kind}"),
    N_("give exactly one of identity or noSwedishNumber"),
    N_("must not be in the future"),
    N_("is not a role in the catalogue (see GET /v1/roles)"),
    N_("not a valid personnummer or samordningsnummer: {reason}"),
    # why an identity number is not valid (shared.personnummer)
    N_("the date part is not a real date"),
    N_("must be 10 to 13 characters: YYMMDD-NNNC or YYYYMMDD-NNNC"),
    N_("must look like YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC"),
    N_("the date part is in the future"),
    N_("'+' is only used by people aged 100 or more"),
    N_("the check digit is wrong"),
]


def register(messages: Iterable[str]) -> None:
    """Add a service's own problem texts (their translations live in ``shared/locale`` too)."""
    for message in messages:
        if message not in MESSAGES:
            MESSAGES.append(message)
    _patterns.cache_clear()


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LOCATION = re.compile(r"^\((\w+)\) (.+)$", re.DOTALL)


@cache
def _patterns() -> tuple[frozenset[str], tuple[tuple[re.Pattern[str], str], ...]]:
    exact, patterns = set(), []
    for msgid in MESSAGES:
        if _PLACEHOLDER.search(msgid) is None:
            exact.add(msgid)
            continue
        regex, pos = [], 0
        for match in _PLACEHOLDER.finditer(msgid):
            regex.append(re.escape(msgid[pos : match.start()]))
            regex.append(f"(?P<{match.group(1)}>.+?)")
            pos = match.end()
        regex.append(re.escape(msgid[pos:]))
        patterns.append((re.compile("".join(regex) + r"\Z", re.DOTALL), msgid))
    return frozenset(exact), tuple(patterns)


def translate(text: str, lang: str) -> str:
    """``text`` (an English problem text, placeholders already filled) in ``lang``; unknown texts stay as they are."""
    if lang == SOURCE_LANGUAGE or not text:
        return text
    exact, patterns = _patterns()
    if text in exact:
        return CATALOGUES.gettext(lang, text)
    for pattern, msgid in patterns:
        match = pattern.match(text)
        if match:
            values = {name: translate(value, lang) for name, value in match.groupdict().items()}
            return CATALOGUES.gettext(lang, msgid, **values)
    located = _LOCATION.match(text)
    if located:  # "(query) Not a valid integer." from shared.body
        return f"({located.group(1)}) {translate(located.group(2), lang)}"
    return text


def language_of(accept_language: str | None) -> str:
    """The language of problem texts: the best match for ``Accept-Language``, else English (the msgids)."""
    if not accept_language:
        return SOURCE_LANGUAGE
    return negotiate(accept_language, CATALOGUES.languages, default=SOURCE_LANGUAGE) or SOURCE_LANGUAGE
