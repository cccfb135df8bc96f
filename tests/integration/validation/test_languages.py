"""A 422 from the application API speaks the language ``Accept-Language`` asks for (issue 20, must show 2)."""

from __future__ import annotations

import pytest

from tests.integration.validation.support import ANONYMOUS, application, key
from tests.languages import LANGUAGES, assert_in_language, expected

# Each bad field, and the English message (msgid) with the values the service fills in.
BAD_FORM = application(
    name={"given": "Amina"},
    contact={"address": "Storgatan 1"},
    education=[
        {**application()["education"][0], "country": "Syria"},
        {**application()["education"][0], "startYear": 2024, "endYear": 2020},
    ],
    swedishLevel={"kind": "sfi", "course": "E"},
)
EXPECTED_FORM = {
    "/name/family": ("Missing data for required field.", {}),
    "/contact/email": ("give an email address or a phone number", {}),
    "/education/0/country": ("must be an ISO 3166-1 alpha-2 country code such as SE or SY", {}),
    "/education/1/endYear": ("must not be before startYear", {}),
    "/swedishLevel/course": ("must be one of {choices} for {kind}", {"choices": "A, B, C, D", "kind": "sfi"}),
}


async def post(client, lang: str, body: dict) -> tuple[dict, str]:
    resp = await client.post("/v1/applications", json=body, headers={**ANONYMOUS, **key(), "Accept-Language": lang})
    assert resp.status == 422, await resp.text()
    return await resp.json(), resp.headers.get("Content-Language", "")


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_bad_form_is_answered_in_the_applicants_language(client, lang):
    problem, content_language = await post(client, lang, BAD_FORM)

    assert content_language == lang
    assert problem["title"] == expected(lang, "Invalid request")
    got = {e["pointer"]: e["message"] for e in problem["errors"]}
    assert set(got) == set(EXPECTED_FORM), got
    for pointer, (msgid, values) in EXPECTED_FORM.items():
        assert got[pointer] == expected(lang, msgid, **values), pointer
        if lang != "en":
            assert got[pointer] != msgid.format(**values), f"{pointer} left in English"
            assert_in_language(lang, got[pointer])
    for pointer, message in got.items():  # the detail sums up the same translated messages
        assert f"{pointer}: {message}" in problem["detail"]


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_wrong_personnummer_is_explained_in_the_applicants_language(client, lang):
    body = application(identity={"number": "811218-9870"})
    problem, content_language = await post(client, f"{lang};q=0.9, de;q=0.5", body)

    assert content_language == lang
    reason = expected(lang, "the check digit is wrong")
    message = expected(lang, "not a valid personnummer or samordningsnummer: {reason}", reason=reason)
    assert problem["errors"] == [{"pointer": "/identity/number", "message": message}]
    assert problem["detail"] == f"/identity/number: {message}"
    if lang != "en":
        assert_in_language(lang, message)


async def test_without_accept_language_problems_stay_in_english(client):
    resp = await client.post("/v1/applications", json=BAD_FORM, headers={**ANONYMOUS, **key()})
    problem = await resp.json()
    assert resp.headers["Content-Language"] == "en"
    assert {e["message"] for e in problem["errors"]} >= {"Missing data for required field."}


async def test_dari_and_a_regional_tag_find_their_catalogue(client):
    for header, lang in (("prs", "fa"), ("fa-AF", "fa"), ("uk-UA,ru;q=0.5", "uk"), ("ti-ER", "ti"), ("de,fr", "en")):
        _problem, content_language = await post(client, header, BAD_FORM)
        assert content_language == lang, header
