"""Placement reasons in Swedish, English and Arabic: message keys with parameters, as ``matching/messages.py``."""

from __future__ import annotations

from typing import Any

from babel import Locale

from services.sfi_schedule.matching.domain import Reason
from services.sfi_schedule.matching.messages import AND, WEEKDAYS, language_of

__all__ = ["language_of", "render", "texts"]
KIND_NAMES = {
    "sv": {"yrkespraktik": "yrkespraktik", "sprakpraktik": "språkpraktik"},
    "en": {"yrkespraktik": "vocational placement", "sprakpraktik": "language placement"},
    "ar": {"yrkespraktik": "تدريب مهني", "sprakpraktik": "تدريب لغوي"},
}
CATALOGUE: dict[str, dict[str, str]] = {
    "sv": {
        "fit.hours": "{kind}, {days} {times}",
        "fit.period": "{from} – {to}",
        "fit.around_sfi": "passar med SFI-gruppen {groups}",
        "fit.level": "nivå {needed} krävs – läser nu {level}",
        "fit.language": "på arbetsplatsen talas även {language}",
        "fit.distance_km": "{km} km bort",
        "fit.same_district": "i samma område ({district})",
        "fit.free_seats": "{seats} lediga platser",
        "fit.registerkontroll": "arbetsplatsen kräver registerkontroll",
        "why_not.collides.sfi": "krockar med SFI-gruppen {group} {weekday} {start}–{end} (första gången {first})",
        "why_not.collides.work": "krockar med ett arbetspass {weekday} {start}–{end} (första gången {first})",
        "why_not.collides.placement": "krockar med en annan praktik {weekday} {start}–{end} (första gången {first})",
        "why_not.collides.other": "krockar med upptagen tid {weekday} {start}–{end} (första gången {first})",
        "why_not.level": "kräver SFI-nivå {needed} – läser nu {level}",
        "why_not.child_care": "föräldraledig med barnet; under praktiken behövs barnomsorg",
        "why_not.too_far": "{km} km bort, längre än {max} km",
        "why_not.full": "alla platser är tagna",
        "why_not.ended": "praktiken slutade {to}",
    },
    "en": {
        "fit.hours": "{kind}, {days} {times}",
        "fit.period": "{from} – {to}",
        "fit.around_sfi": "fits with the SFI group {groups}",
        "fit.level": "level {needed} needed – studies {level} now",
        "fit.language": "{language} is also spoken at the workplace",
        "fit.distance_km": "{km} km away",
        "fit.same_district": "in the same district ({district})",
        "fit.free_seats": "{seats} free seats",
        "fit.registerkontroll": "the workplace asks for a criminal-record check (registerkontroll)",
        "why_not.collides.sfi": "collides with the SFI group {group} {weekday} {start}–{end} (first on {first})",
        "why_not.collides.work": "collides with a work shift {weekday} {start}–{end} (first on {first})",
        "why_not.collides.placement": "collides with another placement {weekday} {start}–{end} (first on {first})",
        "why_not.collides.other": "collides with busy time {weekday} {start}–{end} (first on {first})",
        "why_not.level": "needs SFI level {needed} – studies {level} now",
        "why_not.child_care": "on parental leave with the child; a placement needs child care",
        "why_not.too_far": "{km} km away, beyond {max} km",
        "why_not.full": "every seat is taken",
        "why_not.ended": "the placement ended on {to}",
    },
    "ar": {
        "fit.hours": "{kind}، {days} {times}",
        "fit.period": "{from} – {to}",
        "fit.around_sfi": "يتناسب مع مجموعة SFI {groups}",
        "fit.level": "المستوى {needed} مطلوب – المستوى الحالي {level}",
        "fit.language": "يتحدثون {language} أيضًا في مكان العمل",
        "fit.distance_km": "على بعد {km} كم",
        "fit.same_district": "في نفس المنطقة ({district})",
        "fit.free_seats": "{seats} أماكن شاغرة",
        "fit.registerkontroll": "يطلب مكان العمل شهادة خلو من السوابق (registerkontroll)",
        "why_not.collides.sfi": "يتعارض مع مجموعة SFI {group} {weekday} {start}–{end} (أول مرة {first})",
        "why_not.collides.work": "يتعارض مع نوبة عمل {weekday} {start}–{end} (أول مرة {first})",
        "why_not.collides.placement": "يتعارض مع تدريب آخر {weekday} {start}–{end} (أول مرة {first})",
        "why_not.collides.other": "يتعارض مع وقت مشغول {weekday} {start}–{end} (أول مرة {first})",
        "why_not.level": "يتطلب مستوى SFI {needed} – المستوى الحالي {level}",
        "why_not.child_care": "في إجازة والدين مع الطفل؛ التدريب يحتاج إلى رعاية للطفل",
        "why_not.too_far": "على بعد {km} كم، أبعد من {max} كم",
        "why_not.full": "جميع الأماكن محجوزة",
        "why_not.ended": "انتهى التدريب في {to}",
    },
}


def _join(items: list[str], lang: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {AND[lang]} {items[-1]}"


def _params(params: dict[str, Any], lang: str) -> dict[str, Any]:
    out = dict(params)
    if isinstance(params.get("weekday"), int):
        out["weekday"] = WEEKDAYS[lang][params["weekday"] - 1]
    if "weekdays" in params:
        out["days"] = _join([WEEKDAYS[lang][d - 1] for d in params["weekdays"]], lang) if params["weekdays"] else ""
    for key in ("times", "groups"):
        if key in params:
            out[key] = _join(list(params[key]), lang) if params[key] else ""
    if "kind" in params:
        out["kind"] = KIND_NAMES[lang].get(params["kind"], params["kind"])
    if "language" in params:
        out["language"] = Locale.parse(lang).languages.get(params["language"], params["language"])
    if isinstance(params.get("max"), float) and params["max"].is_integer():
        out["max"] = int(params["max"])
    return out


def render(reason: Reason, lang: str) -> str:
    """The reason as text in ``lang`` (English for a missing key)."""
    template = CATALOGUE[lang].get(reason.key) or CATALOGUE["en"][reason.key]
    return template.format(**_params(reason.params, lang))


def texts(reasons: tuple[Reason, ...], lang: str) -> list[dict[str, Any]]:
    """Reasons as ``{key, params, text}`` for an answer."""
    return [{"key": r.key, "params": r.params, "text": render(r, lang)} for r in reasons]
