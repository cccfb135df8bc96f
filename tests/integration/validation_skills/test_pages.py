"""The skills-mapping pages through the real gateway: the form, the result with its tracking code, following it
with reference and code, and a caseworker's shortage list, one-step application and proposal."""

from __future__ import annotations

import re
from datetime import timedelta

from services.sfi_schedule.app import create_app as create_sfi
from shared.clock import SYSTEM_CLOCK
from tests.integration.sfi_enrolment.conftest import app_settings
from tests.integration.validation_skills.support import wire_entries
from tests.integration.validation_skills.test_through_gateway import ERIK, KARIN, Through

CARE_FORM = {
    "edu-0-level": "upper_secondary", "edu-0-field": "other", "edu-0-country": "SY", "edu-0-years": "3",
    "edu-0-endYear": "2012", "edu-1-level": "", "edu-1-field": "other", "edu-1-country": "", "edu-1-years": "",
    "edu-1-endYear": "", "exp-0-ssyk": "5330", "exp-0-title": "", "exp-0-years": "3", "exp-0-extentPercent": "100",
    "exp-0-endYear": "", "lang-0-code": "ar", "lang-0-level": "native", "swedishKind": "sfi", "swedishCourse": "C",
    "licence-B": "yes", "wish": "", "wishExtent": "any", "wishPlacement": "yes", "wishText": "",
    "preferredLanguage": "sv",
}  # fmt: skip


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def _suite(gateway, make_client, settings_env, db_url, client):
    sfi = await make_client(create_sfi(app_settings(settings_env, db_url)))
    web = await gateway(validation=str(client.make_url("")).rstrip("/"), sfi=str(sfi.make_url("")).rstrip("/"))
    return web


async def _signed_in(web, role: str) -> None:
    page = await (await web.get("/signin")).text()
    resp = await web.post("/signin/demo", data={"csrf": csrf_of(page), "role": role}, allow_redirects=False)
    assert resp.status == 303, await resp.text()


async def test_an_anonymous_person_records_sees_the_result_and_follows_it_with_the_code(
    gateway, make_client, settings_env, db_url, client
):
    web = await _suite(gateway, make_client, settings_env, db_url, client)
    await Through(web)("PUT", "/api/validation/v1/shortage-occupations/0880", KARIN, 200,
                       json={"entries": wire_entries()})  # fmt: skip
    form = await web.get("/skills", headers={"Accept-Language": "sv"})
    html = await form.text()
    assert form.status == 200 and "<h1>Kartlägg din kompetens</h1>" in html
    result = await web.post("/skills", data={"csrf": csrf_of(html), "idempotency": "k1", **CARE_FORM})
    page = await result.text()
    assert result.status == 200, page
    reference = re.search(r'data-testid="reference">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page).group(1)
    first = page.index('data-testid="occupation"')
    assert "Undersköterskor, hemtjänst" in page[first : first + 400]
    assert code not in str(result.url)
    follow = await web.get("/skills/follow")
    shown = await web.post("/skills/follow", data={"csrf": csrf_of(await follow.text()), "reference": reference,
                                                   "code": code})  # fmt: skip
    assert shown.status == 200 and reference in await shown.text()
    wrong = await web.post("/skills/follow", data={"csrf": csrf_of(await follow.text()), "reference": reference,
                                                   "code": "WRONG"})  # fmt: skip
    assert wrong.status == 404


async def test_bad_input_comes_back_to_the_form_with_the_field_named(gateway, make_client, settings_env, db_url,
                                                                     client):  # fmt: skip
    web = await _suite(gateway, make_client, settings_env, db_url, client)
    html = await (await web.get("/skills")).text()
    bad = {**CARE_FORM, "edu-0-country": "Syria", "exp-0-years": "many"}
    resp = await web.post("/skills", data={"csrf": csrf_of(html), **bad})
    page = await resp.text()
    assert resp.status == 422
    assert 'id="edu-0-country"' in page and 'aria-describedby="err-edu-0-country"' in page
    assert 'aria-describedby="err-exp-0-years"' in page


async def test_a_caseworker_edits_the_shortage_list_and_turns_a_result_into_a_proposal_and_an_application(
    gateway, make_client, settings_env, db_url, client
):
    web = await _suite(gateway, make_client, settings_env, db_url, client)
    call = Through(web)
    workplace = await call("POST", "/api/sfi/v1/workplaces", ERIK, 201, json={
        "name": "Lindgården", "employerKind": "municipal", "sector": "elderly_care", "street": "Lindvägen 4",
        "contact": {"name": "Eva"}})  # fmt: skip
    today = SYSTEM_CLOCK.today()  # the service's Swedish date
    placement = await call("POST", "/api/sfi/v1/placements", ERIK, 201, json={
        "workplaceId": workplace["id"], "title": "Språkpraktik på Lindgården", "occupation": "5321",
        "kind": "sprakpraktik", "hours": [{"weekdays": [2], "start": "09:00", "end": "12:00"}],
        "startDate": today.isoformat(), "endDate": (today + timedelta(days=60)).isoformat(), "seats": 1,
        "mentor": {"name": "Maja"}})  # fmt: skip
    await _signed_in(web, "caseworker")
    listing = await web.get("/work/skills/shortage")
    html = await listing.text()
    rows = {f"entry-{i}-{k}": v for i, e in enumerate(wire_entries()) for k, v in
            {"ssyk": e["ssyk"], "title": "", "demandLevel": e["demandLevel"], "source": e["source"],
             "sourceDate": e["sourceDate"]}.items()}  # fmt: skip
    saved = await web.post("/work/skills/shortage", data={"csrf": csrf_of(html), "municipality": "0880",
                                                          "version": "0", "note": "", **rows})  # fmt: skip
    assert saved.status == 200 and "version 1" in (await saved.text()).lower()
    stale = await web.post("/work/skills/shortage", data={"csrf": csrf_of(html), "municipality": "0880",
                                                          "version": "0", "note": "", **rows})  # fmt: skip
    assert stale.status == 412

    html = await (await web.get("/work/skills/new")).text()
    made = await web.post("/work/skills", data={"csrf": csrf_of(html), "idempotency": "k2", "given": "Amal",
                                                "family": "Hassan", **CARE_FORM})  # fmt: skip
    page = await made.text()
    assert made.status == 200 and 'data-testid="tracking-code"' in page and "Föreslå den här praktiken" in page
    mapping_id = re.search(r'action="/work/skills/([0-9a-f-]{36})/applications"', page).group(1)
    # No signed-in owner and no learner named: the proposal is refused with the reason on the page.
    refused = await web.post(f"/work/skills/{mapping_id}/proposals",
                             data={"csrf": csrf_of(page), "placementId": placement["id"]})  # fmt: skip
    assert refused.status == 200 and "har inte loggat in" in await refused.text()
    case = await web.post(f"/work/skills/{mapping_id}/applications", allow_redirects=False, data={
        "csrf": csrf_of(page), "ssyk": "5321", "idempotency": "k3", "email": "amal@example.org", "idKind": "none",
        "documentType": "passport", "idCountry": "SY"})  # fmt: skip
    assert case.status == 303 and case.headers["Location"].startswith("/work/cases/")
    again = await (await web.get(f"/work/skills/{mapping_id}")).text()
    assert "VAL-" in again
