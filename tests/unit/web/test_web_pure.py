"""The web pages' pure parts: form ⇄ JSON, skipped sessions, redirects, catalogues."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from multidict import MultiDict

from services.gateway.web import application_form as af
from services.gateway.web import group_form as gf
from services.gateway.web.calendar import skipped_sessions
from services.gateway.web.i18n import LOCALE_DIR, load_catalogues
from services.gateway.web.render import safe_next
from shared.personnummer import luhn_check_digit

TODAY = date(2026, 12, 3)  # the pages' clock in these tests


def _po(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


SAME_SITE = ["/", "/sfi?x=1", "/sfi?q=a%20b&course=B", "/work/cases/1?problem=Not%20allowed", "/my#offers",
             "/sfi/groups/..%2F..", "/sfi?next=//evil.example", "/apply?back=https://evil.example/"]  # fmt: skip
# Each would send the visitor to another host in some browser (or is no path at all).
ATTACKS = [
    "//evil.example", "///evil.example", "https://evil.example/", "http:/evil.example", "javascript:alert(1)",
    "data:text/html,x", "evil.example", "", None,
    "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "\\/evil.example",
    "/\t/evil.example/phish", "/\n/evil.example", "/\r\n/evil.example", "/\r/evil.example", "\t//evil.example",
    "/ /evil.example", "/\x00/evil.example", "/\x0b/evil.example", "/\x0c/evil.example", "/\x7f/evil.example",
    "/sfi\r\nSet-Cookie: x=1", "/%09/evil.example", "/%0a/evil.example", "/%2F/evil.example", "/%5Cevil.example",
    "/%2f%2fevil.example", "%2F%2Fevil.example", "/%5C%5Cevil.example",
]  # fmt: skip


@pytest.mark.parametrize("target", SAME_SITE)
def test_a_path_on_this_site_is_kept_as_the_redirect_target(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", ATTACKS)
def test_anything_that_could_lead_to_another_host_falls_back_to_the_default(target):
    assert safe_next(target) == "/"
    assert safe_next(target, "/my") == "/my"


def test_draft_survives_the_hidden_field_and_damage_gives_an_empty_draft():
    draft = {"given": "Rania", "education": [{"country": "SY"}], "note": "åäö ع"}
    assert af.decode_draft(af.encode_draft(draft)) == draft
    assert af.decode_draft("not base64!") == {}


EDUCATION = {"edu-0-country": "sy", "edu-0-institution": "I", "edu-0-programme": "P", "edu-0-field": "",
             "edu-0-startYear": "2012", "edu-0-endYear": "", "edu-0-hours": "", "edu-0-language": "AR",
             "edu-0-courseCodes": "OMVOMV01, ANOANA01"}  # fmt: skip


def test_application_without_swedish_number_becomes_the_service_json():
    draft = {**af.read_step("identity", MultiDict(given="R", family="H", idKind="none", documentType="passport",
                                                    idCountry="sy", email="r@example.org")),
             **af.read_step("role", MultiDict(targetRole="underskoterska", permanentPost="no")),
             **af.read_step("education", MultiDict(EDUCATION)),
             **af.read_step("swedish", MultiDict(swedishKind="sfi", swedishCourse="D"))}  # fmt: skip
    body = af.to_application(draft, "sv")
    assert body["noSwedishNumber"] == {"documentType": "passport", "country": "SY"}
    assert "identity" not in body
    expected = {"country": "SY", "institution": "I", "programme": "P", "field": "other", "startYear": 2012,
                "language": "ar", "courseCodes": ["OMVOMV01", "ANOANA01"]}  # fmt: skip
    assert body["education"] == [expected]
    assert body["swedishLevel"] == {"kind": "sfi", "course": "D"}


@pytest.mark.parametrize(
    ("step", "draft", "pointers"),
    [("role", {}, {"/targetRole"}),
     ("identity", {"idKind": "number"}, {"/name/given", "/name/family", "/identity/number", "/contact/email"}),
     ("identity", {"idKind": "none", "given": "a", "family": "b", "phone": "070-123 45 67"},
      {"/noSwedishNumber/documentType"}),
     ("education", {}, set()), ("swedish", {}, {"/swedishLevel/kind"})],
)  # fmt: skip
def test_each_step_names_its_missing_required_fields(step, draft, pointers):
    assert set(af.missing(step, draft, TODAY)) == pointers


def test_an_education_row_left_empty_is_no_education_and_a_removed_row_is_gone():
    empty = MultiDict({f"edu-0-{n}": "" for n in af.EDU_FIELDS} | {"edu-0-field": "other"})
    assert af.read_step("education", empty) == {"education": []}
    assert af.missing("education", af.read_step("education", empty), TODAY) == {}
    two = MultiDict({**{f"edu-0-{n}": "x" for n in af.EDU_FIELDS}, **{f"edu-1-{n}": "y" for n in af.EDU_FIELDS}})
    assert af.removed_row("remove-education-0", "education") == 0
    assert af.removed_row("remove-education-0", "experience") is None
    assert [r["country"] for r in af.read_step("education", two, drop=0)["education"]] == ["y"]


def test_a_number_born_after_the_pages_today_says_so_until_that_day():
    number = f"20270115-123{luhn_check_digit('270115123')}"  # born 15 January 2027
    born_later = {"idKind": "number", "given": "a", "family": "b", "email": "a@b.se", "number": number}
    future = {"/identity/number": af.NUMBER_MESSAGES["the date part is in the future"]}
    assert af.missing("identity", born_later, TODAY) == future
    assert af.missing("identity", born_later, date(2027, 1, 15)) == {}


def test_each_step_checks_the_services_rules_with_plain_messages():
    row = {"country": "Syria", "institution": "I", "programme": "P", "field": "other", "startYear": "20",
           "endYear": "", "hours": "", "language": "arabic", "courseCodes": "OK12 x"}  # fmt: skip
    errors = af.missing("education", {"education": [row]}, TODAY)
    assert errors == {"/education/0/country": af.COUNTRY, "/education/0/startYear": af.YEAR,
                      "/education/0/language": af.LANGUAGE, "/education/0/courseCodes": af.COURSE_CODES}  # fmt: skip
    bad_number = {"idKind": "number", "given": "a", "family": "b", "number": "19811218-9877", "email": "a@b.se"}
    assert af.missing("identity", bad_number, TODAY) == {
        "/identity/number": af.NUMBER_MESSAGES["the check digit is wrong"]
    }
    assert af.missing("identity", {**bad_number, "number": "19811218-9876"}, TODAY) == {}
    job = {"employer": "E", "role": "R", "from": "2020-05-01", "to": "2019-01-01", "extentPercent": "150"}
    assert af.missing("experience", {"experience": [job]}, TODAY) == {"/experience/0/to": af.DATE_ORDER,
                                                              "/experience/0/extentPercent": af.PERCENT}  # fmt: skip
    assert af.service_errors({"/education/0/country": "must be an ISO 3166-1 alpha-2 country code"}) == {
        "/education/0/country": af.NOT_ACCEPTED
    }


@pytest.mark.parametrize(
    ("pointer", "step", "field"),
    [("/education/1/startYear", "education", "edu-1-startYear"), ("/experience/0/from", "experience", "exp-0-from"),
     ("/identity/number", "identity", "number"), ("/swedishLevel/course", "swedish", "swedishCourse"),
     ("/targetRole", "role", "targetRole")],
)  # fmt: skip
def test_service_pointers_lead_back_to_the_step_and_field(pointer, step, field):
    assert af.step_of_pointer(pointer) == step
    assert af.form_errors({pointer: "bad"}) == {field: "bad"}


def test_group_form_reads_slots_and_teachers_and_maps_refusals_to_fields():
    form = MultiDict([("name", "G"), ("course", "C"), ("path", "2"), ("capacity", "16"), ("teacherIds", "t1"),
                      ("teacherIds", "t2"), ("slot-0-weekday", "4"), ("slot-0-start", "18:00"),
                      ("slot-0-end", "21:00"), ("slot-1-weekday", ""), ("startDate", "2026-08-17")])  # fmt: skip
    body = gf.read_group(form)
    assert body["slots"] == [{"weekday": 4, "start": "18:00", "end": "21:00", "interval": "every"}]
    assert body["teacherIds"] == ["t1", "t2"] and body["path"] == 2 and body["capacity"] == 16
    assert gf.field_errors({"/slots/0/start": "too early", "/roomId": "too small"}) == {
        "slot-0-start": "too early",
        "roomId": "too small",
    }
    assert gf.conflict_fields([{"resource": "room"}]) == {"slots", "roomId"}


def test_ascension_day_is_shown_as_a_skipped_session():
    group = {"startDate": "2026-05-01", "endDate": "2026-05-31",
             "slots": [{"weekday": 4, "start": "18:00", "end": "21:00", "interval": "every"}]}  # fmt: skip
    held = [{"originalStart": f"2026-05-{d:02d}T18:00:00+02:00"} for d in (7, 21, 28)]
    named = {date(2026, 5, 14): "Kristi himmelsfärdsdag"}  # the schedule service's daysOff, in the page language
    skipped = skipped_sessions(group, held, date(2026, 5, 1), date(2026, 5, 31), named)
    assert [(s["date"], s["holiday"]) for s in skipped] == [(date(2026, 5, 14), "Kristi himmelsfärdsdag")]


def test_odd_week_groups_do_not_meet_in_even_weeks():
    group = {"startDate": "2026-01-05", "endDate": "2026-01-18",
             "slots": [{"weekday": 1, "start": "18:00", "end": "21:00", "interval": "odd"}]}  # fmt: skip
    assert [s["date"] for s in skipped_sessions(group, [], date(2026, 1, 5), date(2026, 1, 18), {})] == [
        date(2026, 1, 12)
    ]  # week 3 is odd; 5 January is in week 2


def test_swedish_catalogue_is_complete_and_arabic_covers_the_finder_and_the_application():
    pot = {m.id if isinstance(m.id, str) else m.id[0] for m in _po(LOCALE_DIR / "messages.pot") if m.id}
    sv = _po(LOCALE_DIR / "sv" / "LC_MESSAGES" / "messages.po")
    untranslated = [m.id for m in sv if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    assert untranslated == [] and {m.id if isinstance(m.id, str) else m.id[0] for m in sv if m.id} == pot
    ar = load_catalogues()["ar"]
    for text in ("Find an SFI group", "Apply for validation", "Next", "Tracking code", "Subscribe in your calendar",
                 "Send application", "Show groups", "Your tracking code:"):  # fmt: skip
        assert ar.gettext(text) != text, text


@pytest.mark.parametrize(
    ("accept", "html"),
    [("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True), ("application/json", False),
     ("*/*", False), ("", False), ("application/problem+json, text/html;q=0.5", False),
     ("text/html;q=0.9, application/json;q=0.8", True), ("text/html;q=0", False)],
)  # fmt: skip
def test_error_answers_are_chosen_by_accept(accept, html):
    from aiohttp.test_utils import make_mocked_request

    from services.gateway.web.errors import wants_html

    assert wants_html(make_mocked_request("GET", "/x", headers={"Accept": accept} if accept else {})) is html


def test_times_are_shown_in_stockholm_to_the_minute():
    from services.gateway.web.render import local_time

    assert local_time("2026-03-29T00:59:59.123456+00:00") == "2026-03-29 01:59"  # winter time
    assert local_time("2026-03-29T01:00:00+00:00") == "2026-03-29 03:00"  # summer time began
    assert local_time("2026-07-01T10:00:00") == "2026-07-01 12:00"
    assert local_time(None) == "" and local_time("soon") == "soon"
