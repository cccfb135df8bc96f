"""Message catalogues (Swedish and English) for every text the service shows to people."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
_LOCALE = Path(__file__).parent / "locale"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language, read once from ``locale/<lang>.json``."""
    return json.loads((_LOCALE / f"{lang}.json").read_text(encoding="utf-8"))


def language(*preferences: str | None) -> str:
    """The first preference that has a catalogue, else Swedish."""
    for pref in preferences:
        if pref and pref.lower()[:2] in LANGUAGES:
            return pref.lower()[:2]
    return DEFAULT_LANGUAGE


def text(key: str, lang: str, **params: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Swedish, then to the key itself)."""
    template = catalogue(language(lang)).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return template.format(**params) if params else template


def message(key: str, lang: str, **params: object) -> dict[str, str]:
    """``{"key", "text"}``: machines read the key, people the text."""
    return {"key": key, "text": text(key, lang, **params)}
