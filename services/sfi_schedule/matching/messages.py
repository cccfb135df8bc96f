"""Matching reasons in Swedish, English and Arabic: message keys with parameters, rendered for a language."""

from __future__ import annotations

from typing import Any

from services.sfi_schedule.matching.domain import Reason

LANGUAGES = ("sv", "en", "ar")
WEEKDAYS = {
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}
AND = {"sv": "och", "en": "and", "ar": "و"}
DAYPARTS = {
    "sv": {"morning": "förmiddag", "afternoon": "eftermiddag", "evening": "kväll", "weekend": "helg",
           "mixed": "blandade tider"},
    "en": {"morning": "morning", "afternoon": "afternoon", "evening": "evening", "weekend": "weekend",
           "mixed": "mixed times"},
    "ar": {"morning": "صباحًا", "afternoon": "بعد الظهر", "evening": "مساءً", "weekend": "نهاية الأسبوع",
           "mixed": "أوقات مختلفة"},
}  # fmt: skip
_SV_COUNT = " ({sessions} av {total} tillfällen)"
_EN_COUNT = " ({sessions} of {total} sessions)"
CATALOGUE: dict[str, dict[str, str]] = {
    "sv": {
        "fit.when": "{daypart}, {days} {times}",
        "fit.distance_km": "{km} km bort",
        "fit.distance_study": "distansstudier",
        "fit.open_preschool": "på öppna förskolan, barnet får vara med",
        "fit.daypart_preferred": "på tider du föredrar",
        "fit.daypart_partly": "delvis på tider du föredrar",
        "fit.language_support": "stöd på ditt språk ({language})",
        "fit.same_district": "i ditt område ({district})",
        "fit.free_seats": "{seats} lediga platser",
        "fit.waiting": "fullt just nu, {waiting} i kö",
        "why_not.collides.work": "krockar med ditt arbetspass {weekday} {start}–{end}" + _SV_COUNT,
        "why_not.collides.placement": "krockar med din praktik {weekday} {start}–{end}" + _SV_COUNT,
        "why_not.collides.other": "krockar med din upptagna tid {weekday} {start}–{end}" + _SV_COUNT,
        "why_not.open_preschool_only": "för föräldrar som är föräldralediga med sitt barn",
        "why_not.distance_study": "distansstudier, som du inte har valt",
        "why_not.too_far": "{km} km bort, längre än dina {max} km",
        "why_not.no_sessions": "inga tillfällen de närmaste veckorna",
    },
    "en": {
        "fit.when": "{daypart}, {days} {times}",
        "fit.distance_km": "{km} km away",
        "fit.distance_study": "distance study",
        "fit.open_preschool": "at the open preschool, your child comes along",
        "fit.daypart_preferred": "at times you prefer",
        "fit.daypart_partly": "partly at times you prefer",
        "fit.language_support": "support in your language ({language})",
        "fit.same_district": "in your district ({district})",
        "fit.free_seats": "{seats} free seats",
        "fit.waiting": "full now, {waiting} waiting",
        "why_not.collides.work": "collides with your shift {weekday} {start}–{end} ({sessions} of {total} sessions)",
        "why_not.collides.placement": (
            "collides with your work placement {weekday} {start}–{end} ({sessions} of {total} sessions)"
        ),
        "why_not.collides.other": "collides with your busy time {weekday} {start}–{end}" + _EN_COUNT,
        "why_not.open_preschool_only": "for parents on parental leave with their child",
        "why_not.distance_study": "distance study, which you did not choose",
        "why_not.too_far": "{km} km away, beyond your {max} km",
        "why_not.no_sessions": "no sessions in the coming weeks",
    },
    "ar": {
        "fit.when": "{daypart}، {days} {times}",
        "fit.distance_km": "على بعد {km} كم",
        "fit.distance_study": "دراسة عن بعد",
        "fit.open_preschool": "في الروضة المفتوحة، يمكن لطفلك الحضور",
        "fit.daypart_preferred": "في الأوقات التي تفضلها",
        "fit.daypart_partly": "جزئيًا في الأوقات التي تفضلها",
        "fit.language_support": "دعم بلغتك ({language})",
        "fit.same_district": "في منطقتك ({district})",
        "fit.free_seats": "{seats} أماكن شاغرة",
        "fit.waiting": "ممتلئة الآن، {waiting} في الانتظار",
        "why_not.collides.work": "يتعارض مع نوبة عملك {weekday} {start}–{end} ({sessions} من {total} حصص)",
        "why_not.collides.placement": "يتعارض مع تدريبك العملي {weekday} {start}–{end} ({sessions} من {total} حصص)",
        "why_not.collides.other": "يتعارض مع وقت انشغالك {weekday} {start}–{end} ({sessions} من {total} حصص)",
        "why_not.open_preschool_only": "للآباء في إجازة الوالدين مع أطفالهم",
        "why_not.distance_study": "دراسة عن بعد، وهو ما لم تختره",
        "why_not.too_far": "على بعد {km} كم، أبعد من {max} كم",
        "why_not.no_sessions": "لا توجد حصص في الأسابيع القادمة",
    },
}


def language_of(wanted: str | None) -> str:
    """The best supported language for a tag such as ``sv``, ``en-GB`` or ``ar``; Swedish otherwise."""
    base = (wanted or "sv").split("-")[0].lower()
    return base if base in LANGUAGES else "sv"


def _join(items: list[str], lang: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {AND[lang]} {items[-1]}"


def _params(params: dict[str, Any], lang: str) -> dict[str, Any]:
    out = dict(params)
    if isinstance(params.get("weekday"), int):
        out["weekday"] = WEEKDAYS[lang][params["weekday"] - 1]
    if "weekdays" in params:
        out["days"] = _join([WEEKDAYS[lang][d - 1] for d in params["weekdays"]], lang) if params["weekdays"] else ""
    if "times" in params:
        out["times"] = _join(params["times"], lang) if params["times"] else ""
    if "daypart" in params:
        out["daypart"] = DAYPARTS[lang].get(params["daypart"], params["daypart"])
    if isinstance(params.get("max"), float) and params["max"].is_integer():
        out["max"] = int(params["max"])
    return out


def render(reason: Reason, lang: str) -> str:
    """The reason as text in ``lang`` (falling back to English for a missing key)."""
    template = CATALOGUE[lang].get(reason.key) or CATALOGUE["en"][reason.key]
    return template.format(**_params(reason.params, lang))
