"""Role (occupation) names in the reader's language, in all seven: the role list, the case, the overview.

The machine codes stay as they are; the expected texts come from the committed .po files (tests/languages.py).
"""

from __future__ import annotations

import pytest

from tests.integration.validation.support import ANONYMOUS, submit, tracking
from tests.languages import LANGUAGES, SCRIPTS, catalogue_keyed


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_role_list_names_each_role_in_the_readers_language(client, lang):
    resp = await client.get("/v1/roles", headers={**ANONYMOUS, "Accept-Language": lang})
    body = await resp.json()
    assert resp.status == 200 and resp.headers["Content-Language"] == lang
    assert "Accept-Language" in resp.headers["Vary"]
    titles = {r["code"]: r["title"] for r in body["data"]}
    assert titles == {code: catalogue_keyed(lang, f"role.{code}") for code in ("barnskotare", "elevassistent",
                                                                              "underskoterska")}  # fmt: skip
    assert {r["code"]: r["titleSv"] for r in body["data"]}["underskoterska"] == "Undersköterska"  # unchanged
    if lang in SCRIPTS:
        assert all(SCRIPTS[lang].search(t) for t in titles.values()), titles


@pytest.mark.parametrize("lang", ["so", "uk", "ar", "ti", "fa"])
async def test_the_case_and_its_overview_name_the_role_in_the_applicants_language(client, lang):
    case = await submit(client, preferredLanguage=lang)
    overview = await (await client.get(f"/v1/applications/{case['id']}/overview", headers=tracking(case))).json()
    assert overview["targetRole"] == "underskoterska" and overview["language"] == lang
    assert overview["targetRoleTitle"] == catalogue_keyed(lang, "role.underskoterska")
    full = await (await client.get(f"/v1/applications/{case['id']}?lang={lang}", headers=tracking(case))).json()
    assert full["targetRole"] == "underskoterska"
    assert full["targetRoleTitle"] == catalogue_keyed(lang, "role.underskoterska")


async def test_somali_and_ukrainian_role_names_are_their_own_words(client):
    for lang, title in (("so", "Kaaliyaha kalkaalisada"), ("uk", "Помічник медсестри")):
        body = await (await client.get(f"/v1/roles?lang={lang}", headers=ANONYMOUS)).json()
        assert {r["code"]: r["title"] for r in body["data"]}["underskoterska"] == title
