"""The help page's own catalogue (gettext domain ``help``) in the seven languages, and whom to contact.

The help texts live apart from the pages' ``messages`` catalogue (``locale/<lang>/LC_MESSAGES/help.po``,
template ``locale/help.pot``), so they can be translated and reviewed on their own. Message ids are English;
anything missing reads in English. The ``.po`` files are compiled in memory the first time they are needed,
as the pages' catalogue is (no ``.mo`` file is built or committed).

Templates use ``h_("…", name=value)`` on the help page and ``help_text("…")`` anywhere else (the "Help" link in
the menu and footer, the card on the landing page); both follow the page's language. Placeholders are
``%(name)s``; a value may be markup (``bdi(…)`` isolates a number inside right-to-left text), every other part
is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from babel.support import Translations
from markupsafe import Markup, escape

from services.gateway.web.config import LANG_COOKIE
from services.gateway.web.i18n import BY_CODE, LANGUAGE, Language, compile_catalogue

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "help"
DEFAULT_LANGUAGE = "sv"
# The seven languages of the help page, named in themselves; Arabic and Dari/Persian run right to left.
LANGUAGES = (
    Language("sv", "Svenska"),
    Language("en", "English"),
    Language("ar", "العربية", rtl=True),
    Language("so", "Soomaali"),
    Language("ti", "ትግርኛ"),
    Language("fa", "دری / فارسی", rtl=True),
    Language("uk", "Українська"),
)
HELP_BY_CODE = {lang.code: lang for lang in LANGUAGES}
# Tags that read as one of the seven: Dari is Persian as written in Afghanistan (``prs``, ``fa-AF``).
ALIASES = {"prs": "fa"}
CONTACT_SETTING = "LOTSEN_GATEWAY_HELP_CONTACT"
DEFAULT_CONTACT = "0771-00 00 00"  # demo: the municipality's contact centre; set the real one in production
HELP_CONTACT = web.AppKey("help_contact", str)


@cache
def catalogues(locale_dir: Path = LOCALE_DIR) -> Mapping[str, Translations]:
    """The help catalogue of each of the seven languages, each falling back to English (the message ids)."""
    english = compile_catalogue(locale_dir / "en" / "LC_MESSAGES" / f"{DOMAIN}.po")
    out: dict[str, Translations] = {"en": english}
    for lang in LANGUAGES:
        if lang.code != "en":
            out[lang.code] = compile_catalogue(locale_dir / lang.code / "LC_MESSAGES" / f"{DOMAIN}.po")
            out[lang.code].add_fallback(english)
    return out


def language_of(request: web.Request) -> Language:
    """The help page's language: the visitor's choice (cookie), else the browser's ``Accept-Language``, else Swedish.

    The same order as the pages' own negotiation, over the seven languages of the help catalogue.
    """
    chosen = HELP_BY_CODE.get(request.cookies.get(LANG_COOKIE, ""))
    return chosen or HELP_BY_CODE[_from_accept_language(request.headers.get("Accept-Language", ""))]


def _from_accept_language(header: str) -> str:
    ranked = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        tag = tag.strip().lower()
        code = ALIASES.get(tag.split("-")[0], tag.split("-")[0])
        ranked.append((-q, index, code))
    for _q, _i, code in sorted(ranked):
        if code in HELP_BY_CODE:
            return code
    return DEFAULT_LANGUAGE


def bdi(value: object) -> Markup:
    """``value`` isolated from the text around it (a number, a phone number or a name inside right-to-left text)."""
    return Markup("<bdi>{}</bdi>").format(value)


def translate(code: str, message: str, values: Mapping[str, Any]) -> Markup:
    """``message`` in language ``code`` with its ``%(name)s`` placeholders filled; the text itself is escaped."""
    text = escape(catalogues()[code if code in HELP_BY_CODE else "en"].gettext(message))
    return text % dict(values) if values else text


@jinja2.pass_context
def help_text(context: Any, message: str, **values: Any) -> Markup:
    """A help-catalogue text in the language of the page being rendered (the "Help" link on every page)."""
    lang = context.get("lang")
    return translate(getattr(lang, "code", DEFAULT_LANGUAGE), message, values)


def configure(app: web.Application, env: jinja2.Environment, extra: Mapping[str, str]) -> None:
    """Install ``help_text`` in the templates and read whom to contact (``LOTSEN_GATEWAY_HELP_CONTACT``)."""
    env.globals["help_text"] = help_text
    app[HELP_CONTACT] = (extra.get(CONTACT_SETTING) or "").strip() or DEFAULT_CONTACT


def page_context(request: web.Request) -> dict[str, Any]:
    """What the help template needs: its language and direction, ``h_``, ``bdi`` and the contact.

    When the pages' own catalogue does not (yet) offer the language, the page's menus read in English while the
    help itself, ``lang`` and ``dir`` are in the visitor's language.
    """
    lang = language_of(request)
    request[LANGUAGE] = BY_CODE.get(lang.code, BY_CODE["en"])  # the menus in the help's language if they can
    return {
        "lang": lang,
        "dir": "rtl" if lang.rtl else "ltr",
        "h_": lambda message, **values: translate(lang.code, message, values),
        "bdi": bdi,
        "contact": request.app[HELP_CONTACT],
    }
