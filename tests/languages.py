"""What the language tests check a problem document against: the catalogues as files, read with Babel.

The expected texts come straight from the committed ``shared/locale`` ``.po`` files (not from the code under
test), and each language's script is checked as well, so an untranslated English message cannot pass.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SHARED_LOCALE = ROOT / "shared" / "locale"
LANGUAGES = ("sv", "en", "ar", "so", "ti", "fa", "uk")
# The script each language's messages must be written in (Latin languages are told apart from English below).
SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "fa": re.compile(r"[\u0600-\u06ff]"),
    "ti": re.compile(r"[\u1200-\u137f]"),
    "uk": re.compile(r"[\u0400-\u04ff]"),
}
# Words that only the language's own text has (so the Latin-script languages are not passed by English).
MARKERS = {"sv": ("inte", "måste", "får", "ange", "fält"), "so": ("waa", "ma", "aha", "geli", "inuu")}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid → msgstr of one shared catalogue (English: the msgids themselves)."""
    pot = SHARED_LOCALE / "messages.pot"
    path = pot if lang == "en" else SHARED_LOCALE / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return {m.id: (m.string or m.id) if lang != "en" else m.id for m in read_po(fh) if m.id}


def expected(lang: str, msgid: str, **values: str) -> str:
    """The translation of ``msgid`` in ``lang`` with its placeholders filled, as the .po file says."""
    return catalogue(lang)[msgid].format(**values)


def assert_in_language(lang: str, text: str) -> None:
    """``text`` is written in ``lang``: its script, or (Latin script) one of its own words."""
    if lang in SCRIPTS:
        assert SCRIPTS[lang].search(text), f"{lang}: not in the language's script: {text!r}"
    elif lang in MARKERS:
        words = set(re.findall(r"\w+", text.lower()))
        assert words & set(MARKERS[lang]), f"{lang}: none of {MARKERS[lang]} in {text!r}"


@cache
def keyed(lang: str, domain: str = "messages", locale: Path = ROOT / "services/validation/locale") -> dict[str, str]:
    """key (msgctxt) → text of a keyed catalogue (English: the msgids)."""
    path = locale / f"{domain}.pot" if lang == "en" else locale / lang / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as fh:
        return {m.context: (m.id if lang == "en" else m.string) for m in read_po(fh) if m.id}


def catalogue_keyed(lang: str, key: str) -> str:
    """The validation service's text ``key`` in ``lang``, as its catalogue file says."""
    return keyed(lang)[key]


SFI_LOCALE = ROOT / "services/sfi_schedule/locale"


def sfi_keyed(lang: str, key: str, **values: str) -> str:
    """The sfi service's keyed text ``key`` in ``lang`` (a course, holiday or day-off name), as its .po file says."""
    return keyed(lang, locale=SFI_LOCALE)[key].format(**values)


def language_names(codes: list[str], lang: str) -> list[str]:
    """Languages by name as CLDR (the data Babel ships) writes them for readers of ``lang``."""
    from babel import Locale

    names = Locale.parse(lang).languages
    return [names[code] for code in codes]


# The help page (/help): each language's direction, its topic headings (English msgids) by anchor, its catalogue.
DIRECTION = {lang: "rtl" if lang in ("ar", "fa") else "ltr" for lang in LANGUAGES}
HELP_TOPICS = {
    "sfi": "What is SFI?",
    "sfi-courses": "Courses A, B, C and D",
    "sfi-paths": "Study paths 1, 2 and 3",
    "sfi-parents": "For parents on parental leave",
    "placements": "Work placements during SFI",
    "validation": "Validation: have your knowledge recognised",
    "validation-steps": "The steps",
    "kartlaggning": "What is kartläggning?",
    "start-guarantee": "The right to start SFI within %(months)s months",
    "appeal": "How to appeal a decision",
    "interpreter": "How to get an interpreter",
    "contact": "Whom to contact",
}


@cache
def help_catalogue(lang: str) -> dict[str, str]:
    """msgid → msgstr of the help page's catalogue in ``lang``, as its ``.po`` file says."""
    with (ROOT / "services/gateway/web/locale" / lang / "LC_MESSAGES" / "help.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id and isinstance(m.id, str)}
