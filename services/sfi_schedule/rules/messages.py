"""Reasons for people (matching, enrolment refusals, eligibility) in Swedish, English and Arabic: keys rendered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.sfi_schedule.rules.reasons import Reason

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
        "why_not.evening_path": "kvällsgrupper bara för studieväg {paths}, du läser studieväg {path}",
        "why_not.course.not_on_path": "kurs {course} finns inte på din studieväg {path} ({courses})",
        "why_not.course.passed": "du har redan godkänt (G) i kurs {course}",
        "why_not.course.needs_previous": "kurs {course} kräver G i kurs {previous} eller placering i kurs {course}",
        "why_not.eligibility.birth_date_unknown": "ange ditt födelsedatum för att kunna börja sfi",
        "why_not.eligibility.too_young": "du kan börja sfi från {from} (1 juli det år du fyller 16)",
        "why_not.eligibility.residence_unknown": "ange om du är folkbokförd eller har uppehållsrätt inom EU/EES",
        "why_not.eligibility.asylum_seeker": "asylsökande har inte rätt till sfi",
        "why_not.eligibility.no_right_of_residence": "sfi kräver folkbokföring eller uppehållsrätt inom EU/EES",
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
        "why_not.evening_path": "evening groups are only for study paths {paths}; you are on study path {path}",
        "why_not.course.not_on_path": "course {course} is not on your study path {path} ({courses})",
        "why_not.course.passed": "you have already passed (G) course {course}",
        "why_not.course.needs_previous": (
            "course {course} needs a pass (G) in course {previous} or a placement in course {course} by mapping"
        ),
        "why_not.eligibility.birth_date_unknown": "give your date of birth to start SFI",
        "why_not.eligibility.too_young": "you may start SFI from {from} (1 July of the year you turn 16)",
        "why_not.eligibility.residence_unknown": "say whether you are registered as resident or have an EU/EEA "
        "right of residence",
        "why_not.eligibility.asylum_seeker": "asylum seekers are not eligible for SFI",
        "why_not.eligibility.no_right_of_residence": "SFI needs residence in Sweden or an EU/EEA right of residence",
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
        "why_not.evening_path": "المجموعات المسائية لمسار الدراسة {paths} فقط، وأنت في مسار الدراسة {path}",
        "why_not.course.not_on_path": "الدورة {course} ليست في مسار دراستك {path} ({courses})",
        "why_not.course.passed": "لقد نجحت (G) بالفعل في الدورة {course}",
        "why_not.course.needs_previous": (
            "الدورة {course} تتطلب النجاح (G) في الدورة {previous} أو تحديد المستوى في الدورة {course}"
        ),
        "why_not.eligibility.birth_date_unknown": "أدخل تاريخ ميلادك لتبدأ دراسة SFI",
        "why_not.eligibility.too_young": "يمكنك بدء SFI من {from} (1 يوليو من السنة التي تبلغ فيها 16 عامًا)",
        "why_not.eligibility.residence_unknown": (
            "بيّن ما إذا كنت مسجلاً كمقيم أو لديك حق الإقامة في الاتحاد الأوروبي/المنطقة الاقتصادية الأوروبية"
        ),
        "why_not.eligibility.asylum_seeker": "طالبو اللجوء ليس لهم الحق في SFI",
        "why_not.eligibility.no_right_of_residence": (
            "يتطلب SFI الإقامة في السويد أو حق الإقامة في الاتحاد الأوروبي/المنطقة الاقتصادية الأوروبية"
        ),
    },
}


# Why the learner may not enrol in a group now, beyond the rules above (the eligibility answer and the enrol page).
CATALOGUE["sv"].update(
    {
        "enrol.no_profile": "du har ingen elevprofil för sfi ännu – kontakta sfi-antagningen",
        "enrol.ended": "gruppen {group} har slutat",
        "enrol.active.enrolled": "du har redan en plats i kurs {course} ({group})",
        "enrol.active.waitlisted": "du står redan i kö till kurs {course} ({group})",
        "enrol.active.offered": "du har ett erbjudande om plats i kurs {course} ({group}) att svara på",
        "enrol.placement": "krockar med din praktik {title} {weekday} {start}–{end} (första gången {first})",
    }
)
CATALOGUE["en"].update(
    {
        "enrol.no_profile": "you have no SFI learner profile yet – contact SFI admissions",
        "enrol.ended": "the group {group} has ended",
        "enrol.active.enrolled": "you already have a seat in course {course} ({group})",
        "enrol.active.waitlisted": "you are already in the queue for course {course} ({group})",
        "enrol.active.offered": "you have an offer of a seat in course {course} ({group}) to answer",
        "enrol.placement": "collides with your work placement {title} {weekday} {start}–{end} (first on {first})",
    }
)
CATALOGUE["ar"].update(
    {
        "enrol.no_profile": "ليس لديك ملف متعلم في SFI بعد – تواصل مع قبول SFI",
        "enrol.ended": "انتهت المجموعة {group}",
        "enrol.active.enrolled": "لديك مقعد بالفعل في الدورة {course} ({group})",
        "enrol.active.waitlisted": "أنت بالفعل في قائمة الانتظار للدورة {course} ({group})",
        "enrol.active.offered": "لديك عرض مقعد في الدورة {course} ({group}) بانتظار ردك",
        "enrol.placement": "يتعارض مع تدريبك العملي {title} {weekday} {start}–{end} (أول مرة في {first})",
    }
)


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
    for key in ("paths", "courses"):
        if isinstance(params.get(key), list):
            out[key] = _join([str(p) for p in params[key]], lang)
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


def reasons_json(reasons: Iterable[Reason], lang: str) -> list[dict[str, Any]]:
    """Reasons as JSON: key and parameters for machines, the text in ``lang`` for people."""
    return [{"key": r.key, "params": r.params, "text": render(r, lang)} for r in reasons]
