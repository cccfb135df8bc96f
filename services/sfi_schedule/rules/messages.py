"""Reasons and names for people (matching, enrolment refusals, eligibility; courses, days off, support
languages) in seven languages: keys rendered.

The texts are gettext catalogues (``services/sfi_schedule/locale``, through ``shared.i18n``); weekday names
and lists ("mån, tis och ons") come from CLDR through Babel.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import get_day_names
from babel.lists import format_list

from services.sfi_schedule.calendar.days_off import day_off_key
from services.sfi_schedule.rules import texts
from services.sfi_schedule.rules.reasons import Reason
from shared.i18n import LANGUAGES, Catalogues, language_name

__all__ = [
    "CATALOGUES", "LANGUAGES", "course_name", "day_off_json", "join", "language_names", "language_of", "reasons_json",
    "render", "weekday",
]  # fmt: skip

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


def course_name(code: str, lang: str) -> str:
    """An SFI course's name in ``lang`` (``course.name``: "SFI kurs B", "Курс SFI B")."""
    return CATALOGUES.keyed("course.name", lang, code=code)


def language_names(codes: Iterable[str], lang: str) -> list[str]:
    """Languages by their names as readers of ``lang`` say them (CLDR), never as codes: ``ti`` → "tigrinska"."""
    return [language_name(code, lang) for code in codes]


def day_off_json(day: date, reason: str, lang: str) -> dict[str, Any]:
    """A day without sessions for readers: ``key`` (null for an administrator's own description) and its name in
    ``lang`` (a holiday's, a kind's, or the description as typed)."""
    key = day_off_key(day, reason)
    name = CATALOGUES.keyed(key, lang) if key is not None and key in CATALOGUES.messages else reason
    return {"date": day.isoformat(), "key": key, "name": name}
