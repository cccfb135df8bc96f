"""Numbers, dates and times as people type them, made ASCII at the edge (pure, no I/O).

An Arabic or Persian keyboard types ``٠-٩`` or ``۰-۹``, a Japanese or Chinese one full-width ``０-９``, word
processors turn ``-`` into ``‐``, ``–`` or ``−``, and bidirectional text carries invisible direction marks.
Fields that hold numbers, dates and times pass their text through :func:`ascii_numeric` before they parse it;
what is still not ASCII afterwards is refused by the field's own rules (422 on the field), never by the
database. Free text (names, addresses) is left as written.
"""

from __future__ import annotations

import unicodedata

# Dashes and minus signs that mean "-" in a number or date: hyphen, non-breaking hyphen, figure dash, en dash,
# em dash, horizontal bar, minus sign, small and full-width hyphen-minus.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_PUNCTUATION = {
    **dict.fromkeys(DASHES, "-"),
    "\uff0b": "+",  # full-width plus
    "\ufe62": "+",  # small plus
    "\uff1a": ":",  # full-width colon
    "\ufe55": ":",  # small colon
    "\uff0e": ".",  # full-width full stop
    "\u066b": ".",  # Arabic decimal separator
    "\uff0f": "/",  # full-width solidus
}


def ascii_numeric(text: str) -> str:
    """``text`` with digits of any script as ``0-9``, dashes as ``-``, odd spaces as `` `` and no format marks.

    Format characters (category Cf: left-to-right and Arabic letter marks, zero-width joiners, BOM) are
    dropped; every other space separator (no-break, thin, ideographic) becomes a plain space. Nothing else
    changes, so letters and symbols still fail the field's own check.
    """
    if text.isascii():
        return text
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
            continue
        digit = unicodedata.decimal(char, None)  # defined exactly for the decimal digits (category Nd)
        if digit is not None:
            out.append(str(digit))
            continue
        category = unicodedata.category(char)
        if category != "Cf":
            out.append(" " if category == "Zs" else _PUNCTUATION.get(char, char))
    return "".join(out)
