"""One translation mechanism for every service: gettext catalogues (Babel), plural forms, named placeholders.

Each package keeps its catalogues beside its code as ``locale/<lang>/LC_MESSAGES/<domain>.po`` with a
template ``locale/<domain>.pot`` made by ``make i18n`` (``pybabel extract``). The ``.po`` files are compiled
**in memory** the first time a language is asked for (no ``.mo`` file is built or committed), so a fresh
clone and an installed wheel need no build step. Message ids are English: English needs no catalogue, and a
message missing from another language falls back to English (the completeness test keeps that from
happening in what ships).

Placeholders are named: ``{name}`` (``str.format``) in the services' catalogues, ``%(name)s`` in the
gateway's page catalogue; :func:`placeholders` reads both, so the catalogue test can compare them.

Keyed messages (a stable key for machines plus a text for people, e.g. ``state.submitted``) use the key as
the gettext *context* (``msgctxt``) and the English text as the ``msgid``; :meth:`Catalogues.keyed` looks
them up by key.

Messages sent to a person (e-mails, SMS, the skills mapping) must not mix languages, so their catalogues are
made with ``written_only=True``: a language is offered only once its ``.po`` file exists, and anyone else
reads Swedish (a new language's catalogue starts to count the moment it is added, with no code change).
"""

from __future__ import annotations

import contextlib
import io
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = "sv"
# The languages Lotsen speaks to residents and applicants in (issue 20): Swedish, English, Arabic, Somali,
# Tigrinya, Dari/Persian and Ukrainian. Arabic and Persian are written right to left.
LANGUAGES = ("sv", "en", "ar", "so", "ti", "fa", "uk")
RTL = frozenset({"ar", "fa"})


@dataclass(frozen=True, slots=True)
class Keyed:
    """A keyed message: ``key`` for machines, English ``text`` (and ``plural``) as the gettext msgid."""

    key: str
    text: str
    plural: str | None = None
    count: str | None = None  # the placeholder that picks the plural form


def K(key: str, text: str) -> Keyed:
    """Mark a keyed message (extracted by ``make i18n``)."""
    return Keyed(key, text)


def KN(key: str, text: str, plural: str, count: str) -> Keyed:
    """Mark a keyed message with plural forms; ``count`` names the placeholder that holds the number."""
    return Keyed(key, text, plural, count)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now."""
    return message


def compile_po(po_path: Path, locale: str | None = None) -> Translations:
    """Read one ``.po`` file and compile it in memory (fuzzy entries are left out, as msgfmt does)."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=locale or po_path.parent.parent.name)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=po_path.stem)


class Catalogues:
    """The catalogues of one package (one ``locale`` folder, one domain), compiled on first use."""

    def __init__(
        self,
        locale_dir: Path,
        *,
        domain: str = DOMAIN,
        languages: Iterable[str] = LANGUAGES,
        keyed: Iterable[Keyed] = (),
        written_only: bool = False,
    ) -> None:
        self.locale_dir, self.domain = locale_dir, domain
        self.languages = tuple(languages)
        self.messages: dict[str, Keyed] = {m.key: m for m in keyed}
        self.written_only = written_only
        self._compiled: dict[str, NullTranslations] = {}

    def po_path(self, lang: str) -> Path:
        """Where the catalogue of ``lang`` is (it may not exist yet)."""
        return self.locale_dir / lang / "LC_MESSAGES" / f"{self.domain}.po"

    @cached_property
    def offered(self) -> tuple[str, ...]:
        """The languages this package answers in: all of ``languages``, or (``written_only``) English and
        those with a catalogue."""
        if not self.written_only:
            return self.languages
        return tuple(lang for lang in self.languages if lang == SOURCE_LANGUAGE or self.po_path(lang).exists())

    def translations(self, lang: str) -> NullTranslations:
        """The compiled catalogue of ``lang`` (English, or a language without a catalogue: the msgids)."""
        code = self.language(lang)
        found = self._compiled.get(code)
        if found is None:
            po = self.po_path(code)
            found = compile_po(po, code) if code != SOURCE_LANGUAGE and po.exists() else NullTranslations()
            self._compiled[code] = found
        return found

    def language(self, *preferences: str | None) -> str:
        """The first preference (a code, a tag or an Accept-Language header) this package speaks, else Swedish."""
        for pref in preferences:
            if pref:
                chosen = negotiate(pref, self.offered, default=None)
                if chosen:
                    return chosen
        return DEFAULT_LANGUAGE

    def gettext(self, lang: str, message: str, /, **values: object) -> str:
        """``message`` in ``lang``, its named placeholders filled from ``values``."""
        return fill(self.translations(lang).gettext(message), values)

    def ngettext(self, lang: str, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The plural form for ``n`` in ``lang`` (``n`` is also offered to the text as ``{n}``)."""
        return fill(self.translations(lang).ngettext(singular, plural, n), {"n": n, **values})

    def pgettext(self, lang: str, context: str, message: str, /, **values: object) -> str:
        """``message`` in ``context`` (``msgctxt``), in ``lang``."""
        return fill(self.translations(lang).pgettext(context, message), values)

    def keyed(self, key: str, lang: str, /, **values: object) -> str:
        """The keyed message ``key`` in ``lang``; an unknown key reads as itself (so it shows, never crashes)."""
        entry = self.messages.get(key)
        if entry is None:
            return key
        found = self.translations(lang)
        if entry.plural is None:
            return fill(found.pgettext(key, entry.text), values)
        n = values.get(entry.count or "n", 1)
        return fill(found.npgettext(key, entry.text, entry.plural, int(n)), values)  # type: ignore[arg-type]


_FORMATTER = string.Formatter()
_PERCENT = re.compile(r"%\((\w+)\)[sdif]")


def fill(template: str, values: Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders (a missing value leaves its placeholder showing rather than failing)."""
    if not values and "{" not in template:
        return template
    try:
        return template.format_map(_Keep(values))
    except (ValueError, IndexError):
        return template


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(text: str) -> set[str]:
    """The named placeholders of a text: ``{name}`` and ``%(name)s`` alike."""
    names = set(_PERCENT.findall(text))
    with contextlib.suppress(ValueError):  # a lone brace: no {name} placeholders to read
        names.update(field for _lit, field, _spec, _conv in _FORMATTER.parse(text) if field)
    return names


def negotiate(header: str, available: Iterable[str], default: str | None = DEFAULT_LANGUAGE) -> str | None:
    """The best of ``available`` for an ``Accept-Language`` header (q-values honoured; ``prs`` reads as ``fa``)."""
    offered = tuple(available)
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            ranked.append((-q, index, tag.strip().lower()))
    for _q, _i, tag in sorted(ranked):
        primary = tag.replace("_", "-").split("-")[0]
        primary = _ALIASES.get(primary, primary)
        if primary in offered:
            return primary
    return default


# Dari (``prs``) is written with the Persian catalogue; ``fa-AF`` already reads as ``fa``.
_ALIASES = {"prs": "fa", "per": "fa", "ukr": "uk", "som": "so", "tir": "ti", "ara": "ar", "swe": "sv", "eng": "en"}


def direction(lang: str) -> str:
    """``rtl`` for Arabic and Persian, else ``ltr``."""
    return "rtl" if lang in RTL else "ltr"


@cache
def language_name(code: str, in_lang: str) -> str:
    """A language's name (CLDR, through Babel) as a reader of ``in_lang`` says it: ``ti`` → "tigrinska" in sv."""
    try:
        names = Locale.parse(in_lang).languages
    except (ValueError, TypeError):
        names = Locale.parse(SOURCE_LANGUAGE).languages
    cldr = _CLDR_CODES.get(code, code)
    name = names.get(cldr) or Locale.parse(SOURCE_LANGUAGE).languages.get(cldr)
    return name or code


# Codes people use that CLDR names under another: Dari is ``fa_AF`` there ("dari", "Dari", "دری").
_CLDR_CODES = {"prs": "fa_AF"}
