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

from services.gateway.web.i18n import BY_CODE, LANGUAGES, compile_catalogue, negotiate
from services.gateway.web.render import bdi

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "help"
DEFAULT_LANGUAGE = "sv"
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


def translate(code: str, message: str, values: Mapping[str, Any]) -> Markup:
    """``message`` in language ``code`` with its ``%(name)s`` placeholders filled; the text itself is escaped."""
    text = escape(catalogues()[code if code in BY_CODE else "en"].gettext(message))
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
    """What the help template needs: ``h_`` in the page's language (chosen as every page chooses it), ``bdi``
    and the contact."""
    lang = negotiate(request)
    return {
        "h_": lambda message, **values: translate(lang.code, message, values),
        "bdi": bdi,
        "contact": request.app[HELP_CONTACT],
    }
