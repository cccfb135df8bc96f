"""The skills-mapping form ⇄ JSON, the shortage form, the 422 pointers back to fields, and the page strings."""

from __future__ import annotations

from services.gateway.web import skills_form as sf
from services.gateway.web.i18n import load_catalogues

FORM = {
    "edu-0-level": "upper_secondary", "edu-0-field": "other", "edu-0-country": "sy", "edu-0-years": "3",
    "edu-0-endYear": "2012", "edu-1-level": "", "edu-1-field": "other", "edu-1-country": "", "edu-1-years": "",
    "edu-1-endYear": "", "exp-0-ssyk": "", "exp-0-title": "Vårdare", "exp-0-years": "2,5",
    "exp-0-extentPercent": "75", "exp-0-endYear": "", "exp-1-ssyk": "", "exp-1-title": "", "exp-1-years": "",
    "exp-1-extentPercent": "100", "exp-1-endYear": "", "lang-0-code": "AR", "lang-0-level": "native",
    "lang-1-code": "", "lang-1-level": "native", "swedishKind": "sfi", "swedishCourse": "C", "licence-B": "yes",
    "licence-D": "", "wish": "5321", "wishExtent": "part_time", "wishPlacement": "yes", "wishText": " gärna kväll ",
    "given": "Amal", "family": "", "preferredLanguage": "ar",
}  # fmt: skip


def test_the_form_becomes_the_mapping_with_empty_rows_left_out():
    body = sf.to_mapping(FORM, "sv")
    assert body["education"] == [{"level": "upper_secondary", "field": "other", "country": "SY", "years": 3,
                                  "endYear": 2012}]  # fmt: skip
    assert body["experience"] == [{"years": 2.5, "extentPercent": 75, "title": "Vårdare"}]
    assert body["languages"] == [{"code": "ar", "level": "native"}]
    assert body["swedish"] == {"kind": "sfi", "course": "C"} and body["drivingLicence"] == ["B"]
    assert body["wishes"] == {"occupations": ["5321"], "extent": "part_time", "placement": True, "text": "gärna kväll"}
    assert body["name"] == {"given": "Amal", "family": ""} and body["preferredLanguage"] == "ar"


def test_what_is_not_a_number_goes_on_for_the_service_to_name():
    body = sf.to_mapping({**FORM, "exp-0-years": "many"}, "sv")
    assert body["experience"][0]["years"] == "many"


def test_a_recorded_mapping_fills_the_form_again_with_room_for_more():
    values = sf.form_values(sf.to_mapping(FORM, "sv"))
    assert len(values["education"]) == 3 and values["education"][0]["country"] == "SY"
    assert values["licences"] == {"B"} and values["wish"] == "5321" and values["swedishCourse"] == "C"
    many = sf.form_values({"experience": [{"years": 1}] * 4})
    assert len(many["experience"]) == 5


def test_pointers_lead_back_to_the_fields():
    errors = {"/education/0/country": "bad", "/experience/1/years": "bad", "/languages/0": "bad",
              "/swedish/course": "bad", "/entries/2/sourceDate": "bad", "/drivingLicence": "twice"}  # fmt: skip
    assert sf.form_errors(errors) == {
        "edu-0-country": "bad", "exp-1-years": "bad", "lang-0-code": "bad", "swedishCourse": "bad",
        "entry-2-sourceDate": "bad", "licence": "twice",
    }  # fmt: skip


def test_the_shortage_form_keeps_the_order_and_leaves_out_empty_rows():
    form = {
        "entry-0-ssyk": "8331", "entry-0-title": "", "entry-0-demandLevel": "shortage", "entry-0-source": "AF",
        "entry-0-sourceDate": "2026-06-01", "entry-1-ssyk": "", "entry-1-demandLevel": "shortage",
        "entry-1-source": "", "entry-1-sourceDate": "", "entry-2-ssyk": "2221", "entry-2-title": "Sjuksköterskor",
        "entry-2-demandLevel": "large_shortage", "entry-2-source": "Region", "entry-2-sourceDate": "2026-05-01",
    }  # fmt: skip
    assert [(e["ssyk"], e.get("title")) for e in sf.to_entries(form)] == [("8331", None), ("2221", "Sjuksköterskor")]


def test_the_application_part_takes_contact_and_identity():
    body = sf.application_body({"email": "a@example.org", "idKind": "none", "documentType": "passport",
                                "idCountry": "sy"}, "5321")  # fmt: skip
    assert body == {"ssyk": "5321", "contact": {"email": "a@example.org"},
                    "noSwedishNumber": {"documentType": "passport", "country": "SY"}}  # fmt: skip
    assert sf.application_body({"number": "811218-9876"}, "5311")["identity"] == {"number": "811218-9876"}


def test_arabic_covers_the_person_s_skills_pages():
    ar = load_catalogues()["ar"]
    for text in ("Map your skills", "Occupations that fit you", "Your way there", "Open work placements",
                 "Show occupations that fit", "Write down your reference and tracking code. You need both to see "
                 "this mapping again; the code is shown only now."):  # fmt: skip
        assert ar.gettext(text) != text, text
