"""Translations of the pages: gettext catalogues compiled from the ``.po`` files at start-up.

The pages speak the seven languages of :data:`shared.i18n.LANGUAGES` (Swedish, English, Arabic, Somali,
Tigrinya, Dari/Persian, Ukrainian; Arabic and Persian right to left). Message ids are English; ``sv`` is
complete, the other languages translate every text a resident or applicant sees (staff pages fall back to
English: ``shared.catalogues``). A language whose catalogue is missing reads English rather than failing to
start. Compiling in memory at start means a fresh clone needs no build step and no ``.mo`` files are committed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from services.gateway.web.config import LANG_COOKIE
from shared import i18n as shared_i18n

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = shared_i18n.DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Language:
    """A language the pages are offered in."""

    code: str
    name: str  # in the language itself, so a person can find their own
    rtl: bool = False

    @property
    def dir(self) -> str:
        """``rtl`` or ``ltr``, for ``dir`` attributes."""
        return "rtl" if self.rtl else "ltr"


# Each name as its own readers write it, so a person finds their language without reading the page's.
NAMES = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fa": "فارسی / دری",
    "uk": "Українська",
}
LANGUAGES = tuple(Language(code, NAMES[code], rtl=code in shared_i18n.RTL) for code in shared_i18n.LANGUAGES)
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
    """Every offered language's translations; English falls back to the message ids themselves.

    A language without a catalogue file reads English (the check in ``shared.catalogues`` keeps that from
    shipping); start-up never fails for it.
    """
    out: dict[str, Translations] = {}
    english_po = locale_dir / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    english = compile_catalogue(english_po) if english_po.exists() else NullTranslations()
    for lang in LANGUAGES:
        if lang.code == "en":
            out["en"] = english
            continue
        po = locale_dir / lang.code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po.exists():
            out[lang.code] = english
            continue
        translations = compile_catalogue(po)
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
    """The best offered language for the header, as the services choose (``prs`` and ``fa-AF`` read Persian)."""
    return shared_i18n.negotiate(header, BY_CODE, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def translations(request: web.Request) -> Translations:
    """The compiled catalogue for this request's language."""
    return request.app[CATALOGUES][negotiate(request).code]


def gettext(request: web.Request, message: str, **values: object) -> str:
    """Translate ``message`` for this request (``%(name)s`` placeholders filled from ``values``)."""
    text = translations(request).gettext(message)
    return text % values if values else text
