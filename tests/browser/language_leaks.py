"""Is every visible text of a page in the page's language? What the language walk checks each page with.

:data:`COLLECT` (run in the page) gathers the visible text: each text node on its own, and the whole text of
each small block (a paragraph, a list item, a label, a button, the title...), with every ``<details>`` opened.
Text inside ``<bdi>``, ``<code>`` or an element marked ``data-i18n-ignore`` or ``translate="no"`` is data
(names, codes, dates, what people entered, the language switcher's own names) and is left out of the text
nodes; a block keeps it, since it fills a message's placeholders.

:func:`leaks` then reports, for a page in ``lang``:

- a text (node or block) that is an English message id of the page catalogue, filled in or not, whose
  translation into ``lang`` differs from it or is missing (English showing on a page that is not English);
- a text that is the Swedish translation of a message, when the page is not Swedish and its own
  translation differs (Swedish showing through);
- (ar, fa, ti, uk) a text node with a word of letters but no letter of the language's script.

The catalogues are read as files (the ``.pot`` and each ``.po``), not through the code under test; a
language whose catalogue is missing has no translations, so every English text on its pages is a leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent.parent
PAGE_LOCALE = ROOT / "services" / "gateway" / "web" / "locale"
SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "fa": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "ti": re.compile(r"[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]"),
    "uk": re.compile(r"[\u0400-\u04ff]"),
}
_WORD = re.compile(r"[^\W\d_]{2,}")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
_SPACE = re.compile(r"\s+")

# Runs in the page: {nodes: [...], blocks: [...]} of visible text, whitespace collapsed.
COLLECT = r"""() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const DATA = 'bdi, code, kbd, samp, [data-i18n-ignore], [translate=no], script, style, template, noscript';
  const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, dt, dd, label, legend, summary, caption, th, td, button, a, option';
  const norm = s => s.replace(/\s+/g, ' ').trim();
  const shown = el => el.tagName === 'OPTION' || el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const nodes = [], blocks = [norm(document.title)];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement, text = norm(n.textContent);
    if (text && el && !el.closest(DATA) && shown(el)) nodes.push(text);
  }
  for (const el of document.body.querySelectorAll(BLOCKS)) {
    if (el.closest('[data-i18n-ignore], [translate=no]') || !shown(el)) continue;
    const text = norm(el.textContent);
    if (text) blocks.push(text);
  }
  for (const el of document.body.querySelectorAll('input[placeholder], textarea[placeholder]'))
    if (!el.closest('[data-i18n-ignore], [translate=no]')) blocks.push(norm(el.placeholder));
  return {nodes, blocks};
}"""


@dataclass(frozen=True)
class Messages:
    """A language's texts to look for: exact strings and, for texts with placeholders, one pattern."""

    exact: frozenset[str]
    pattern: re.Pattern | None

    def has(self, text: str) -> bool:
        return text in self.exact or bool(self.pattern and self.pattern.fullmatch(text))


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@cache
def translations(lang: str) -> dict[str, str]:
    """English msgid → its translation in ``lang`` ("" when missing); English: the msgids themselves."""
    with (PAGE_LOCALE / "messages.pot").open("rb") as fh:
        ids = [m.id for m in read_po(fh) if m.id]
    singular = [i if isinstance(i, str) else i[0] for i in ids]
    if lang == "en":
        return {i: i for i in singular}
    path = PAGE_LOCALE / lang / "LC_MESSAGES" / "messages.po"
    found: dict[str, str] = {}
    if path.exists():
        with path.open("rb") as fh:
            for m in read_po(fh, locale=lang):
                if m.id and not m.fuzzy:
                    key = m.id if isinstance(m.id, str) else m.id[0]
                    found[key] = m.string if isinstance(m.string, str) else (m.string[0] if m.string else "")
    return {i: found.get(i, "") or "" for i in singular}


def _messages(texts: list[str]) -> Messages:
    exact, patterns = set(), []
    for text in texts:
        text = _norm(text)
        if not text or not _WORD.search(_PLACEHOLDER.sub("", text)):
            continue  # nothing of a language to recognise ("%(n)s", "–")
        if _PLACEHOLDER.search(text):
            parts = _PLACEHOLDER.split(text)
            literal = [re.escape(p) if i % 2 == 0 else ".+?" for i, p in enumerate(parts)]
            patterns.append("".join(literal))
        else:
            exact.add(text)
    return Messages(frozenset(exact), re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None)


@cache
def foreign(lang: str) -> tuple[Messages, Messages]:
    """(English texts that must not show on a ``lang`` page, Swedish texts that must not show on it)."""
    own, swedish = translations(lang), translations("sv")
    english = [m for m, t in own.items() if lang != "en" and _norm(t) != _norm(m)]
    from_swedish = [s for m, s in swedish.items() if lang != "sv" and s and _norm(s) != _norm(own[m] or m)]
    return _messages(english), _messages(from_swedish)


def leaks(lang: str, nodes: list[str], blocks: list[str] = ()) -> list[str]:
    """What on a ``lang`` page is in another language (empty: the page is all in ``lang``)."""
    english, swedish = foreign(lang)
    found: list[str] = []
    for text in dict.fromkeys([*nodes, *blocks]):
        if english.has(text):
            found.append(f"English: {text!r}")
        elif swedish.has(text):
            found.append(f"Swedish: {text!r}")
    script = SCRIPTS.get(lang)
    if script is not None:
        for text in dict.fromkeys(nodes):
            words = [w for w in _WORD.findall(text) if not _code_like(w)]
            if words and not script.search(text):
                found.append(f"not in the {lang} script: {text!r}")
    return found


def _code_like(word: str) -> bool:
    """SFI, PDF, SvA, e-ID's ID: acronyms and codes (a capital after the first letter), not words of a language."""
    return any(c.isupper() for c in word[1:])
