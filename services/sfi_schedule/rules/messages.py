"""Reasons for people (matching, enrolment refusals, eligibility) in seven languages: keys rendered.

The texts are gettext catalogues (``services/sfi_schedule/locale``, through ``shared.i18n``); weekday names
and lists ("mån, tis och ons") come from CLDR through Babel.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.dates import get_day_names
from babel.lists import format_list

from services.sfi_schedule.rules import texts
from services.sfi_schedule.rules.reasons import Reason
from shared.i18n import LANGUAGES, Catalogues, language_name

__all__ = ["CATALOGUES", "LANGUAGES", "join", "language_of", "reasons_json", "render", "weekday"]

CATALOGUES = Catalogues(Path(__file__).parent.parent / "locale", keyed=texts.MESSAGES)


def language_of(wanted: str | None) -> str:
    """The best supported language for a tag such as ``sv``, ``en-GB``, ``ar`` or ``prs``; Swedish otherwise."""
    return CATALOGUES.language(wanted)


def weekday(number: int, lang: str) -> str:
    """ISO weekday ``number`` (1 = Monday) abbreviated as CLDR writes it in ``lang``."""
    return get_day_names("abbreviated", locale=lang)[number - 1]


def join(items: list[str], lang: str) -> str:
    """``a, b and c`` in ``lang`` (CLDR list patterns)."""
    return format_list(items, locale=lang) if items else ""


def _params(params: dict[str, Any], lang: str) -> dict[str, Any]:
    out = dict(params)
    if isinstance(params.get("weekday"), int):
        out["weekday"] = weekday(params["weekday"], lang)
    if "weekdays" in params:
        out["days"] = join([weekday(d, lang) for d in params["weekdays"]], lang)
    for key in ("paths", "courses"):
        if isinstance(params.get(key), list):
            out[key] = join([str(p) for p in params[key]], lang)
    if "times" in params:
        out["times"] = join(list(params["times"]), lang)
    if "daypart" in params:
        daypart = f"daypart.{params['daypart']}"
        out["daypart"] = CATALOGUES.keyed(daypart, lang) if daypart in CATALOGUES.messages else params["daypart"]
    if isinstance(params.get("language"), str):  # a support language: its name, not its code
        out["language"] = language_name(params["language"], lang)
    if isinstance(params.get("max"), float) and params["max"].is_integer():
        out["max"] = int(params["max"])
    return out


def render(reason: Reason, lang: str) -> str:
    """The reason as text in ``lang``.

    Matching renders the same few reasons for every group of a course (a weekday, a daypart, a wait in
    weeks), so texts are kept per key, parameters and language: one Babel formatting per distinct reason.
    """
    memo = (reason.key, repr(reason.params), lang)  # repr tells 1, 1.0, True and "1" apart
    text = _RENDERED.get(memo)
    if text is None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        text = _RENDERED[memo] = CATALOGUES.keyed(reason.key, lang, **_params(reason.params, lang))
    return text


_RENDERED: dict[tuple[str, str, str], str] = {}
_RENDERED_MAX = 4096


def reasons_json(reasons: Iterable[Reason], lang: str) -> list[dict[str, Any]]:
    """Reasons as JSON: key and parameters for machines, the text in ``lang`` for people."""
    return [{"key": r.key, "params": r.params, "text": render(r, lang)} for r in reasons]
