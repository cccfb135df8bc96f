"""Translations of the pages: gettext catalogues compiled from the ``.po`` files at start-up.

Message ids are English; ``sv`` and ``en`` are complete, ``ar`` covers at least the SFI finder and the
validation application (anything missing falls back to English). Compiling in memory at start means a
fresh clone needs no build step and no ``.mo`` files are committed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from services.gateway.web.config import LANG_COOKIE

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "sv"


@dataclass(frozen=True, slots=True)
class Language:
    """A language the pages are offered in."""

    code: str
    name: str  # in the language itself, so a person can find their own
    rtl: bool = False


LANGUAGES = (Language("sv", "Svenska"), Language("en", "English"), Language("ar", "العربية", rtl=True))
BY_CODE = {lang.code: lang for lang in LANGUAGES}
CATALOGUES = web.AppKey("catalogues", dict[str, Translations])
LANGUAGE = web.RequestKey("language", Language)


def compile_catalogue(po_path: Path) -> Translations:
    """Read one ``.po`` file and compile it in memory (fuzzy entries are left out, as msgfmt does)."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=po_path.parent.parent.name)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def load_catalogues(locale_dir: Path = LOCALE_DIR) -> dict[str, Translations]:
    """Every offered language's translations; English falls back to the message ids themselves."""
    out: dict[str, Translations] = {}
    english = compile_catalogue(locale_dir / "en" / "LC_MESSAGES" / f"{DOMAIN}.po")
    for lang in LANGUAGES:
        if lang.code == "en":
            out["en"] = english
            continue
        translations = compile_catalogue(locale_dir / lang.code / "LC_MESSAGES" / f"{DOMAIN}.po")
        translations.add_fallback(english)
        out[lang.code] = translations
    return out


def negotiate(request: web.Request) -> Language:
    """The page language: the visitor's choice (cookie), else their browser's preference, else Swedish."""
    if LANGUAGE in request:
        return request[LANGUAGE]
    chosen = BY_CODE.get(request.cookies.get(LANG_COOKIE, ""))
    if chosen is None:
        chosen = BY_CODE[_from_accept_language(request.headers.get("Accept-Language", ""))]
    request[LANGUAGE] = chosen
    return chosen


def _from_accept_language(header: str) -> str:
    ranked = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((q, tag.strip().lower()[:2]))
    for _q, code in sorted(ranked, key=lambda r: -r[0]):
        if code in BY_CODE:
            return code
    return DEFAULT_LANGUAGE


def translations(request: web.Request) -> Translations:
    """The compiled catalogue for this request's language."""
    return request.app[CATALOGUES][negotiate(request).code]


def gettext(request: web.Request, message: str, **values: object) -> str:
    """Translate ``message`` for this request (``%(name)s`` placeholders filled from ``values``)."""
    text = translations(request).gettext(message)
    return text % values if values else text
