"""Every text the validation service shows to people, from its gettext catalogues (``shared.i18n``).

The texts are keyed (``services/validation/texts.py``); ``message`` gives machines the key and people the text.
"""

from __future__ import annotations

from pathlib import Path

from services.validation import texts, texts_mail_skills
from shared.i18n import DEFAULT_LANGUAGE, LANGUAGES, Catalogues

__all__ = [
    "DEFAULT_LANGUAGE", "LANGUAGES", "SKILLS_LANGUAGES", "language", "message", "role_title", "skills_language", "text",
]  # fmt: skip

_LOCALE = Path(__file__).parent / "locale"
CORE = Catalogues(_LOCALE, domain="messages", keyed=(*texts.MESSAGES, *texts.ROLES))
# The e-mails, the skills mapping and the shortage lists: each of the seven languages once its mail_skills.po
# is written (Swedish and English so far); anyone else reads Swedish.
MAIL_AND_SKILLS = Catalogues(_LOCALE, domain="mail_skills", keyed=texts_mail_skills.MAIL_AND_SKILLS, written_only=True)
SKILLS_LANGUAGES = MAIL_AND_SKILLS.offered


def language(*preferences: str | None) -> str:
    """The first preference that has a catalogue (a code, a tag or an Accept-Language header), else Swedish."""
    return CORE.language(*preferences)


def skills_language(*preferences: str | None) -> str:
    """The language of a skills mapping or shortage list: the first preference it is written in, else Swedish."""
    return MAIL_AND_SKILLS.language(*preferences)


def text(key: str, lang: str, **params: object) -> str:
    """The message ``key`` in ``lang`` (a text not yet translated reads in English; an unknown key as itself)."""
    catalogues = CORE if key in CORE.messages else MAIL_AND_SKILLS
    return catalogues.keyed(key, catalogues.language(lang), **params)


def message(key: str, lang: str, **params: object) -> dict[str, str]:
    """``{"key", "text"}``: machines read the key, people the text."""
    return {"key": key, "text": text(key, lang, **params)}


def role_title(code: str, lang: str, fallback: str | None = None) -> str:
    """A role's (occupation's) name in ``lang`` (``role.<code>``); a role the catalogue texts do not know reads as
    ``fallback`` (its stored title), else its code."""
    key = f"role.{code}"
    return text(key, lang) if key in CORE.messages else fallback or code
