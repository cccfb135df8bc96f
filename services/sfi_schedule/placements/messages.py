"""Placement reasons in seven languages: message keys with parameters, as ``rules/messages.py``.

Their texts are in the same catalogue under the context ``placement.<key>``.
"""

from __future__ import annotations

from typing import Any

from services.sfi_schedule.matching.domain import Reason
from services.sfi_schedule.rules.messages import CATALOGUES, join, language_of, weekday
from shared.i18n import language_name

__all__ = ["language_of", "render", "texts"]


def _params(params: dict[str, Any], lang: str) -> dict[str, Any]:
    out = dict(params)
    if isinstance(params.get("weekday"), int):
        out["weekday"] = weekday(params["weekday"], lang)
    if "weekdays" in params:
        out["days"] = join([weekday(d, lang) for d in params["weekdays"]], lang)
    for key in ("times", "groups"):
        if key in params:
            out[key] = join(list(params[key]), lang)
    if "kind" in params:
        kind = f"placement_kind.{params['kind']}"
        out["kind"] = CATALOGUES.keyed(kind, lang) if kind in CATALOGUES.messages else params["kind"]
    if "language" in params:
        out["language"] = language_name(params["language"], lang)
    if isinstance(params.get("max"), float) and params["max"].is_integer():
        out["max"] = int(params["max"])
    return out


def render(reason: Reason, lang: str) -> str:
    """The reason as text in ``lang``."""
    return CATALOGUES.keyed(f"placement.{reason.key}", lang, **_params(reason.params, lang))


def texts(reasons: tuple[Reason, ...], lang: str) -> list[dict[str, Any]]:
    """Reasons as ``{key, params, text}`` for an answer."""
    return [{"key": r.key, "params": r.params, "text": render(r, lang)} for r in reasons]
