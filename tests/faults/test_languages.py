"""Through the gateway: a 422 from the application API speaks the language ``Accept-Language`` asks for."""

from __future__ import annotations

import uuid

import aiohttp
import pytest

from tests.faults.payloads import application
from tests.faults.stack import Stack
from tests.languages import LANGUAGES, assert_in_language, expected

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_application_api_answers_a_bad_form_in_each_language(stack: Stack, lang: str):
    body = application()
    body["contact"] = {"address": "Storgatan 1"}
    body["swedishLevel"] = {"kind": "sfi", "course": "E"}
    headers = {"Idempotency-Key": uuid.uuid4().hex, "Accept-Language": f"{lang},en;q=0.1"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(stack.url() + "/api/validation/v1/applications", json=body, headers=headers) as resp,
    ):
        assert resp.status == 422
        assert resp.headers["Content-Language"] == lang
        problem = await resp.json(content_type=None)

    assert problem["instance"] == "/api/validation/v1/applications"
    assert problem["title"] == expected(lang, "Invalid request")
    assert {e["pointer"]: e["message"] for e in problem["errors"]} == {
        "/contact/email": expected(lang, "give an email address or a phone number"),
        "/swedishLevel/course": expected(lang, "must be one of {choices} for {kind}", choices="A, B, C, D", kind="sfi"),
    }
    if lang != "en":
        for error in problem["errors"]:
            assert_in_language(lang, error["message"])
