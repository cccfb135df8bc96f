"""The texts of messages to people: gettext catalogues (``.po``) read with Babel, one set per sending service.

A service keeps its catalogues beside the code that sends (``<package>/locale/<lang>/LC_MESSAGES/
notifications.po``); message ids are the English texts with ``{name}`` placeholders, so English needs no
translation and a message missing from a catalogue reads in English. The ``.po`` files are compiled in
memory when first used: a fresh clone needs no build step and no ``.mo`` files are committed.

``Catalogues.text`` is the one lookup every notification goes through, so it is the one place to move
when the services share a single i18n mechanism.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from functools import cached_property
from pathlib import Path

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from shared.clock import STOCKHOLM

DOMAIN = "notifications"
LANGUAGES = ("sv", "en", "ar")
DEFAULT_LANGUAGE = "sv"


def language(preference: str | None, offered: Sequence[str] = LANGUAGES) -> str:
    """The language a person reads messages in: their preference when offered (``ar-SY`` → ``ar``), else Swedish."""
    code = (preference or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in offered else DEFAULT_LANGUAGE


def compile_po(path: Path) -> Translations:
    """One ``.po`` file compiled in memory (fuzzy entries left out, as msgfmt does)."""
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=path.parent.parent.name, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


class Catalogues:
    """A service's notification catalogues: ``locale_dir/<lang>/LC_MESSAGES/notifications.po`` per language."""

    def __init__(self, locale_dir: Path, languages: Sequence[str] = LANGUAGES) -> None:
        self.locale_dir, self.languages = locale_dir, tuple(languages)

    @cached_property
    def _translations(self) -> dict[str, NullTranslations]:
        out: dict[str, NullTranslations] = {}
        for lang in self.languages:
            path = self.locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
            out[lang] = compile_po(path) if path.exists() else NullTranslations()
        return out

    def language(self, preference: str | None) -> str:
        """The person's language if these catalogues offer it, else Swedish."""
        return language(preference, self.languages)

    def text(self, lang: str, msgid: str, **params: object) -> str:
        """``msgid`` in ``lang`` (English, the id itself, when the catalogue lacks it) with ``params`` filled in."""
        template = self._translations[self.language(lang)].gettext(msgid)
        return template.format(**params) if params else template


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
