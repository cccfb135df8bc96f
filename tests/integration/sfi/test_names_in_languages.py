"""Names people read in the schedule answers come in the reader's language (Accept-Language), in all seven:
courses, Swedish holidays and study-free days, support languages (by name, never as codes).

The expected texts come from the committed .po files and from CLDR (tests/languages.py), not from the code.
"""

from __future__ import annotations

from tests.integration.sfi.conftest import ANON
from tests.integration.sfi.test_catalog_cache import seeded
from tests.languages import LANGUAGES, SCRIPTS, language_names, sfi_keyed

EPIPHANY, IN_JULLOV = "2027-01-06", "2027-01-05"  # Trettondedag jul, and a day of the demo term's "jullov"


async def _group_over_new_year(api) -> dict:
    _, body = await api.call("GET", "/v1/groups?limit=500", headers=ANON, status=200)
    return next(
        g for g in body["data"]
        if g["startDate"] <= IN_JULLOV and g["endDate"] >= EPIPHANY and len(g["supportLanguages"]) >= 1
    )  # fmt: skip


async def test_holidays_study_free_days_courses_and_support_languages_in_each_of_the_seven_languages(api, db_url):
    await seeded(db_url)
    group = await _group_over_new_year(api)
    window = "from=2027-01-04&to=2027-01-08"
    for lang in LANGUAGES:
        spoken = {**ANON, "Accept-Language": lang}
        resp, timeline = await api.call("GET", f"/v1/groups/{group['id']}/occurrences?{window}", headers=spoken,
                                        status=200)  # fmt: skip
        assert resp.headers["Content-Language"] == lang and "Accept-Language" in resp.headers["Vary"]
        off = {d["date"]: d for d in timeline["daysOff"]}
        assert off[EPIPHANY] == {
            "date": EPIPHANY,
            "key": "holiday.epiphany",
            "name": sfi_keyed(lang, "holiday.epiphany"),
        }
        assert off[IN_JULLOV] == {"date": IN_JULLOV, "key": None, "name": "jullov"}  # typed by an administrator
        if lang in SCRIPTS:
            assert SCRIPTS[lang].search(off[EPIPHANY]["name"]), (lang, off[EPIPHANY])

        _, one = await api.call("GET", f"/v1/groups/{group['id']}", headers=spoken, status=200)
        assert one["course"] == group["course"] and one["supportLanguages"] == group["supportLanguages"]
        assert one["courseName"] == sfi_keyed(lang, "course.name", code=group["course"])
        assert one["supportLanguageNames"] == language_names(group["supportLanguages"], lang)
        assert not set(one["supportLanguageNames"]) & set(group["supportLanguages"]), "names, never codes"

        _, courses = await api.call("GET", "/v1/courses", headers=spoken, status=200)
        assert [(c["code"], c["name"]) for c in courses["data"]] == [
            (code, sfi_keyed(lang, "course.name", code=code)) for code in "ABCD"
        ]


async def test_somali_and_ukrainian_read_the_holiday_the_course_and_the_languages_in_their_own_words(api, db_url):
    await seeded(db_url)
    group = await _group_over_new_year(api)
    for lang, epiphany, course in (("so", "Ciidda Muuqashada", "Koorsada SFI"), ("uk", "Богоявлення", "Курс SFI")):
        spoken = {**ANON, "Accept-Language": f"{lang}, en;q=0.5"}
        _, timeline = await api.call("GET", f"/v1/groups/{group['id']}/occurrences?from={EPIPHANY}&to={EPIPHANY}",
                                     headers=spoken, status=200)  # fmt: skip
        assert [d["name"] for d in timeline["daysOff"]] == [epiphany] == [sfi_keyed(lang, "holiday.epiphany")]
        _, one = await api.call("GET", f"/v1/groups/{group['id']}", headers=spoken, status=200)
        assert one["courseName"] == f"{course} {group['course']}"
        assert one["supportLanguageNames"] == language_names(group["supportLanguages"], lang)
